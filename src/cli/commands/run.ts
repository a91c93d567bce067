import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { RUN_DEFAULTS, barProgress, collect, collectionExitCode, formatSummary, lineProgress, type RunSummary } from '../../run/index.js';
import { withStore } from '../context.js';
import { collectValues, optionalNumber } from '../flags.js';
import { examples } from '../help.js';
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

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(COMMAND_SUMMARIES.run)
    .option(
      '--model <spec>',
      'model to ask (repeatable): openai:<model>, anthropic:<model>, openai-compatible:<base-url>#<model>, ollama:<model>, exec:<command>, replay:<file>, example:<name>',
      collectValues,
    )
    .option('--name <label=spec>', 'a model with a label of its own (repeatable)', collectValues)
    .option('--battery <name|file>', 'probe battery', 'default')
    .option('--samples <n>', "answers per probe, overriding every probe's own count")
    .option('--temperature <t>', 'sampling temperature for every probe')
    .option('--max-tokens <n>', 'answer length limit for every probe')
    .option('--concurrency <n>', 'parallel requests per model', String(RUN_DEFAULTS.concurrency))
    .option('--rpm <n>', 'requests per minute per model')
    .option('--timeout <seconds>', 'per-request timeout', String(RUN_DEFAULTS.timeoutMs / 1000))
    .option('--retries <n>', 'retries of a failed request', String(RUN_DEFAULTS.retries))
    .option(
      '--api-key-env <name>',
      'read the API key from this variable (NAME for all models, LABEL=NAME for one; repeatable)',
      collectValues,
    )
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      examples(
        'run --model openai:gpt-4o-mini --model ollama:llama3.1',
        'run --name mine=openai-compatible:http://localhost:8000/v1#my-model --samples 3',
      ),
    )
    .action(async (options: RunCommandOptions, command: Command) => {
      const timeout = optionalNumber(options.timeout, '--timeout', { min: 0.001 });
      const request = {
        ...(options.model ? { models: options.model } : {}),
        ...(options.name ? { named: options.name } : {}),
        ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {}),
        battery: options.battery,
        samples: optionalNumber(options.samples, '--samples', { integer: true, min: 1, max: 100 }),
        temperature: optionalNumber(options.temperature, '--temperature', { min: 0, max: 2 }),
        maxTokens: optionalNumber(options.maxTokens, '--max-tokens', { integer: true, min: 1 }),
        concurrency: optionalNumber(options.concurrency, '--concurrency', { integer: true, min: 1, max: 1000 }),
        rpm: optionalNumber(options.rpm, '--rpm', { min: 1 }),
        timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
        retries: optionalNumber(options.retries, '--retries', { integer: true, min: 0, max: 20 }),
      };
      const summary = await withStore(command, (store) => collect(store, request, collectionHooks()));
      endCollection(summary, options.json ?? false);
    });
}

/** Progress and Ctrl-C handling for a collection started from the terminal: a bar on a TTY, lines otherwise. */
export function collectionHooks() {
  return { progress: process.stderr.isTTY ? barProgress(process.stderr) : lineProgress(notice), notice, handleSignals: true };
}

/** Prints the summary (JSON on stdout if asked; the lines on stderr) and sets the exit code. */
export function endCollection(summary: RunSummary, json: boolean): void {
  if (json) printJson(summary);
  for (const line of formatSummary(summary)) notice(line);
  if (summary.failed > 0 && summary.done === 0 && summary.status === 'finished') notice('llm-fingerprint: every request failed');
  process.exitCode = collectionExitCode(summary);
}
