import type { Command } from 'commander';
import { loadBattery } from '../../probes/index.js';
import {
  RUN_DEFAULTS,
  barProgress,
  formatSummary,
  lineProgress,
  plannedProbes,
  resolveModels,
  runCollection,
  type RunSummary,
} from '../../run/index.js';
import type { Store } from '../../store/index.js';
import { UserError } from '../../util/errors.js';
import { withStore } from '../context.js';
import { notice, printJson } from '../output.js';

export interface RunCommandOptions {
  model?: string[];
  name?: string[];
  battery: string;
  samples?: string;
  temperature?: string;
  maxTokens?: string;
  concurrency?: string;
  rpm?: string;
  timeout?: string;
  retries?: string;
  apiKeyEnv?: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('collect the battery\'s answers from live models; rerun the same command to resume')
    .option('--model <spec>', 'model to ask (repeatable): openai:<model>, anthropic:<model>, openai-compatible:<base-url>#<model>, ollama:<model>, exec:<command>, replay:<file>', collect)
    .option('--name <label=spec>', 'a model with a label of its own (repeatable)', collect)
    .option('--battery <name|file>', 'probe battery', 'default')
    .option('--samples <n>', 'answers per probe, overriding every probe\'s own count')
    .option('--temperature <t>', 'sampling temperature for every probe')
    .option('--max-tokens <n>', 'answer length limit for every probe')
    .option('--concurrency <n>', 'parallel requests per model', String(RUN_DEFAULTS.concurrency))
    .option('--rpm <n>', 'requests per minute per model')
    .option('--timeout <seconds>', 'per-request timeout', String(RUN_DEFAULTS.timeoutMs / 1000))
    .option('--retries <n>', 'retries of a failed request', String(RUN_DEFAULTS.retries))
    .option('--api-key-env <name>', 'read the API key from this variable (NAME for all models, LABEL=NAME for one; repeatable)', collect)
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (options: RunCommandOptions, command: Command) => {
      const prepared = prepareRun(options); // bad flags or specs fail before the database is opened (or created)
      const summary = await withStore(command, (store) => collectPrepared(store, prepared));
      reportSummary(summary, options.json ?? false);
    });
}

/** Parses the flags, then collects with a progress display and Ctrl-C handling. Also used by `demo`. */
export async function runFromOptions(store: Store, options: RunCommandOptions, cwd?: string): Promise<RunSummary> {
  return collectPrepared(store, prepareRun(options, cwd));
}

/** A run's flags, parsed and checked: models resolved, battery loaded, numbers in range. */
export type PreparedRun = ReturnType<typeof prepareRun>;

export function prepareRun(options: RunCommandOptions, cwd?: string) {
  const samples = optionalNumber(options.samples, '--samples', { integer: true, min: 1, max: 100 });
  const temperature = optionalNumber(options.temperature, '--temperature', { min: 0, max: 2 });
  const maxTokens = optionalNumber(options.maxTokens, '--max-tokens', { integer: true, min: 1 });
  const concurrency = optionalNumber(options.concurrency, '--concurrency', { integer: true, min: 1, max: 1000 });
  const rpm = optionalNumber(options.rpm, '--rpm', { min: 1 });
  const timeout = optionalNumber(options.timeout, '--timeout', { min: 0.001 });
  const retries = optionalNumber(options.retries, '--retries', { integer: true, min: 0, max: 20 });
  if (!options.model?.length && !options.name?.length) {
    throw new UserError('run needs at least one --model SPEC (or --name LABEL=SPEC)');
  }
  const models = resolveModels({ specs: options.model, named: options.name, apiKeyEnv: options.apiKeyEnv, ...(cwd ? { cwd } : {}) });
  const battery = loadBattery(options.battery);
  return { samples, temperature, maxTokens, concurrency, rpm, timeout, retries, models, battery, apiKeyEnv: options.apiKeyEnv ?? [] };
}

/** Collects a prepared run with a progress display and Ctrl-C handling. */
export async function collectPrepared(store: Store, run: PreparedRun): Promise<RunSummary> {
  const { samples, temperature, maxTokens, concurrency, rpm, timeout, retries, models, battery } = run;
  const { batteryId, probes } = plannedProbes(store, battery);

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) process.exit(130); // every stored answer is already committed
    notice(`\n${signal}: stopping; answers stored so far are kept (press again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runCollection(store, {
      models,
      battery: { id: batteryId, name: battery.name, version: battery.version, hash: battery.hash },
      probes,
      ...(samples !== undefined ? { samples } : {}),
      overrides: { ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}) },
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(rpm !== undefined ? { rpm } : {}),
      ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
      ...(retries !== undefined ? { retries } : {}),
      signal: controller.signal,
      progress: process.stderr.isTTY ? barProgress(process.stderr) : lineProgress(notice),
      extraConfig: { apiKeyEnv: run.apiKeyEnv },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function reportSummary(summary: RunSummary, json: boolean): void {
  if (json) printJson(summary);
  for (const line of formatSummary(summary)) notice(line);
  if (summary.status === 'interrupted') process.exitCode = 130;
  else if (summary.models.some((m) => m.stopped !== null)) process.exitCode = 1;
}

function optionalNumber(
  value: string | undefined,
  flag: string,
  rule: { integer?: boolean; min?: number; max?: number },
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const kind = rule.integer ? 'a whole number' : 'a number';
  const range = rule.max !== undefined ? ` between ${rule.min} and ${rule.max}` : rule.min !== undefined ? ` of at least ${rule.min}` : '';
  if (value.trim() === '' || !Number.isFinite(n) || (rule.integer && !Number.isInteger(n)) || (rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
    throw new UserError(`${flag} must be ${kind}${range}, got "${value}"`);
  }
  return n;
}
