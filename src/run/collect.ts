import { loadBattery } from '../probes/index.js';
import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { plannedProbes } from './battery.js';
import { resolveModels } from './models.js';
import { silentProgress, type ProgressSink } from './progress.js';
import { runCollection, type RunSummary } from './runner.js';

/** What to collect, as a person or a script names it: model specs, a battery, and the run's settings. */
export interface CollectRequest {
  /** Model specs, each labelled from its spec (`--model`). */
  models?: readonly string[];
  /** `LABEL=SPEC`: models with labels of their own (`--name`). */
  named?: readonly string[];
  /** `NAME` or `LABEL=NAME` (`--api-key-env`). */
  apiKeyEnv?: readonly string[];
  /** Built-in battery name or .yaml file; default "default". */
  battery?: string;
  samples?: number;
  temperature?: number;
  maxTokens?: number;
  concurrency?: number;
  rpm?: number;
  timeoutMs?: number;
  retries?: number;
  /** Working directory for exec: programs and replay: files. */
  cwd?: string;
}

export interface CollectHooks {
  progress?: ProgressSink;
  /** One-line notices (an interruption being handled). */
  notice?: (line: string) => void;
  /**
   * Stop cleanly on SIGINT / SIGTERM: requests in flight are dropped, every stored answer is kept, and
   * a second signal exits at once (130). For interactive use; a library caller can pass `signal` instead.
   */
  handleSignals?: boolean;
  signal?: AbortSignal;
}

/**
 * The collection workflow behind `run` and `demo`: resolves the models and the battery, plans what is
 * missing, and collects it with the runner — resumable, interruptible, with progress.
 */
export async function collect(store: Store, request: CollectRequest, hooks: CollectHooks = {}): Promise<RunSummary> {
  if (!request.models?.length && !request.named?.length) throw new UserError('run needs at least one --model SPEC (or --name LABEL=SPEC)');
  const models = resolveModels({
    ...(request.models ? { specs: request.models } : {}),
    ...(request.named ? { named: request.named } : {}),
    ...(request.apiKeyEnv ? { apiKeyEnv: request.apiKeyEnv } : {}),
    ...(request.cwd ? { cwd: request.cwd } : {}),
  });
  const battery = loadBattery(request.battery ?? 'default');
  const { batteryId, probes } = plannedProbes(store, battery);

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  hooks.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) process.exit(130); // every stored answer is already committed
    hooks.notice?.(`\n${signal}: stopping; answers stored so far are kept (press again to quit at once)`);
    controller.abort();
  };
  if (hooks.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  const { temperature, maxTokens } = request;
  try {
    return await runCollection(store, {
      models,
      battery: { id: batteryId, name: battery.name, version: battery.version, hash: battery.hash },
      probes,
      ...(request.samples !== undefined ? { samples: request.samples } : {}),
      overrides: { ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}) },
      ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
      ...(request.rpm !== undefined ? { rpm: request.rpm } : {}),
      ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
      ...(request.retries !== undefined ? { retries: request.retries } : {}),
      signal: controller.signal,
      progress: hooks.progress ?? silentProgress,
      extraConfig: { apiKeyEnv: request.apiKeyEnv ?? [] },
    });
  } finally {
    hooks.signal?.removeEventListener('abort', onOuterAbort);
    if (hooks.handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}

/** How a finished collection should end the process: 130 interrupted, 1 when a model was stopped or nothing succeeded. */
export function collectionExitCode(summary: RunSummary): number {
  if (summary.status === 'interrupted') return 130;
  if (summary.models.some((m) => m.stopped !== null)) return 1;
  if (summary.failed > 0 && summary.done === 0) return 1;
  return 0;
}
