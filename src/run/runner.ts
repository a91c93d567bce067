import { setMaxListeners } from 'node:events';
import { AbortedError, FatalError, RetryableError, type Provider, type SamplingParams } from '../providers/index.js';
import type { Store } from '../store/index.js';
import { UserError, errorMessage } from '../util/errors.js';
import { TOOL_VERSION } from '../util/package-info.js';
import { attemptOnce } from './attempt.js';
import { DEFAULT_BACKOFF, retryDelayMs, sleep, type BackoffOptions } from './backoff.js';
import { ProviderLimiter } from './limiter.js';
import { planRun, requestParams, type PlannedProbe, type Slot } from './plan.js';
import { silentProgress, type ProgressCounts, type ProgressSink } from './progress.js';
import { ResponseWriter } from './writer.js';

export interface RunModel {
  label: string;
  provider: Provider;
}

export interface RunOptions {
  models: readonly RunModel[];
  battery: { id: number; name: string; version: string; hash: string };
  probes: readonly PlannedProbe[];
  /** Overrides every probe's own sample count. */
  samples?: number;
  /** Parameters that override the probes' own (--temperature, --max-tokens). */
  overrides?: SamplingParams;
  /** Parallel requests per model. */
  concurrency?: number;
  /** Requests per minute per model. */
  rpm?: number;
  timeoutMs?: number;
  /** Retries after the first attempt of a request. */
  retries?: number;
  backoff?: Partial<BackoffOptions>;
  /** Aborting it interrupts the run: in-flight requests are dropped, their slots stay missing. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  /** Extra settings to record with the run (never secrets). */
  extraConfig?: Record<string, unknown>;
}

export const RUN_DEFAULTS = { concurrency: 4, timeoutMs: 120_000, retries: 4 } as const;

/**
 * A model whose requests fail this many times in a row for want of a connection (refused, host not
 * found), before any of them succeeded, is an endpoint that is not there: the run stops asking it rather
 * than spend minutes failing every request the same way (a rerun asks for what is missing).
 */
export const UNREACHABLE_AFTER = 8;
const UNREACHABLE_CAUSES = new Set(['connection refused', 'host not found']);

export interface ModelRunSummary {
  label: string;
  spec: string;
  done: number;
  failed: number;
  /** Why the run stopped asking this model (bad key, unknown model), if it did. */
  stopped: string | null;
  /** How often a rate limit made the runner cut this model's concurrency. */
  concurrencyCuts: number;
  /** Rate-limit answers (429) received, retried or not. */
  rateLimited: number;
}

export interface RunSummary {
  runId: number;
  status: 'finished' | 'interrupted';
  /** Slots the battery asks for, over all models. */
  planned: number;
  /** Of those, answered before this run began. */
  alreadyAnswered: number;
  /** Answers stored by this run. */
  done: number;
  /** Requests that failed after their retries, stored with their error. */
  failed: number;
  /** Slots left without an answer (interrupted, or their model stopped): the next run asks for them. */
  missing: number;
  retried: number;
  inputTokens: number;
  outputTokens: number;
  elapsedMs: number;
  models: ModelRunSummary[];
  /** Why the failed requests failed, most frequent first: one cause per distinct kind of error. */
  failureCauses: Array<{ cause: string; count: number }>;
}

interface ModelState {
  label: string;
  modelId: number;
  provider: Provider;
  limiter: ProviderLimiter;
  stop: AbortController;
  summary: ModelRunSummary;
  /** Requests in a row that failed for want of a connection; null once one succeeded. */
  unreachable: number | null;
}

/**
 * Collects every missing answer of the battery from every model and commits each one in the event-loop turn
 * it arrives (see ResponseWriter): a crash loses at most the requests in flight, and a rerun asks only for
 * what is missing.
 */
export async function runCollection(store: Store, options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const concurrency = options.concurrency ?? RUN_DEFAULTS.concurrency;
  const timeoutMs = options.timeoutMs ?? RUN_DEFAULTS.timeoutMs;
  const maxRetries = options.retries ?? RUN_DEFAULTS.retries;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const overrides = options.overrides ?? {};
  const progress = options.progress ?? silentProgress;
  const runAbort = new AbortController();
  const onOuterAbort = () => runAbort.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) runAbort.abort();

  const models = registerModels(store, options.models, concurrency, options.rpm, runAbort.signal);
  // SDK imports happen here, before the clock of any request starts: not inside the first requests' deadlines.
  await Promise.all(models.map((m) => m.provider.prepare?.()));
  const plan = planRun(store, models, options.probes, options.samples);
  store.closeAbandonedRuns();
  const runId = store.runs.start({
    kind: 'live',
    toolVersion: TOOL_VERSION,
    batteryId: options.battery.id,
    config: {
      battery: { name: options.battery.name, version: options.battery.version, hash: options.battery.hash },
      models: models.map((m) => ({ label: m.label, spec: m.provider.id })),
      samples: options.samples ?? 'per probe',
      overrides,
      concurrency,
      rpm: options.rpm ?? null,
      timeoutMs,
      retries: maxRetries,
      backoff,
      ...options.extraConfig,
    },
  });

  const counts: ProgressCounts = { total: plan.missing.length, done: 0, failed: 0, retried: 0 };
  const causes = new Map<string, number>();
  const tokens = { input: 0, output: 0 };
  progress.start(counts);

  let failure: unknown;
  const onFailure = (error: unknown) => {
    // A store write failed (disk full, locked): stop everything and report it once.
    failure ??= error;
    runAbort.abort();
  };
  const writer = new ResponseWriter(store, onFailure);
  const save = (slot: Slot<ModelState>, record: { text: string | null; error: string | null } & Partial<SavedDetails>) => {
    writer.write({
      runId,
      modelId: slot.model.modelId,
      promptId: slot.probe.promptId,
      probeId: slot.probe.probeId,
      sampleIndex: slot.sampleIndex,
      text: record.text,
      error: record.error,
      finishReason: record.finishReason ?? null,
      reportedModel: record.reportedModel ?? null,
      request: record.request,
      usage: record.usage,
      latencyMs: record.latencyMs ?? null,
      startedAt: record.startedAt ?? null,
    });
  };

  const collect = async (slot: Slot<ModelState>): Promise<void> => {
    const model = slot.model;
    const params = requestParams(slot.probe.params, overrides);
    for (let retries = 0; ; ) {
      if (model.stop.signal.aborted) return;
      const outcome = await untilAborted(
        model.limiter.run(
          () =>
            attemptOnce(
              model.provider,
              { messages: slot.probe.messages, params, sampleIndex: slot.sampleIndex },
              timeoutMs,
              model.stop.signal,
            ),
          retries > 0,
        ),
        model.stop.signal,
      );
      if (outcome === undefined) return; // interrupted while queued
      const request = {
        provider: model.provider.id,
        model: model.provider.model,
        params: outcome.ok ? (outcome.completion.sentParams ?? params) : params,
        attempts: retries + 1,
      };
      if (outcome.ok) {
        const c = outcome.completion;
        const usage = { inputTokens: c.usage.inputTokens, outputTokens: c.usage.outputTokens };
        save(slot, {
          text: c.text,
          error: null,
          finishReason: c.finishReason,
          reportedModel: c.reportedModel,
          request,
          usage,
          latencyMs: outcome.latencyMs,
          startedAt: outcome.startedAt,
        });
        tokens.input += usage.inputTokens ?? 0;
        tokens.output += usage.outputTokens ?? 0;
        model.limiter.onSuccess();
        model.unreachable = null;
        model.summary.done++;
        counts.done++;
        progress.update(counts);
        return;
      }
      const error = outcome.error;
      if (error instanceof AbortedError || model.stop.signal.aborted) return;
      if (error instanceof RetryableError) {
        if (error.rateLimited) {
          const before = model.limiter.concurrency;
          model.limiter.onRateLimited(error.retryAfterMs);
          // One line per model: later rate limits are counted for the summary, not printed one by one.
          if (model.summary.rateLimited++ === 0) {
            progress.note(
              `${model.label}: rate limited, concurrency ${before} → ${model.limiter.concurrency} ` +
                '(it recovers gradually; further rate limits are counted in the summary)',
            );
          }
        }
        if (retries < Math.min(maxRetries, error.maxRetries ?? Infinity)) {
          const wait = retryDelayMs(retries, backoff, error.retryAfterMs);
          retries++;
          counts.retried++;
          progress.update(counts);
          await sleep(wait, model.stop.signal);
          continue;
        }
      }
      const message = errorMessage(error);
      const cause = failureCause(message);
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
      save(slot, {
        text: null,
        error: retries > 0 ? `${message} (after ${retries + 1} attempts)` : message,
        request,
        latencyMs: outcome.latencyMs,
        startedAt: outcome.startedAt,
      });
      model.summary.failed++;
      counts.failed++;
      progress.update(counts);
      if (error instanceof FatalError && error.stopsModel && model.summary.stopped === null) {
        model.summary.stopped = message;
        progress.note(`${model.label}: stopped asking (${message})`);
        model.stop.abort();
      }
      if (model.unreachable !== null) model.unreachable = UNREACHABLE_CAUSES.has(cause) ? model.unreachable + 1 : 0;
      if (model.unreachable !== null && model.unreachable >= UNREACHABLE_AFTER && model.summary.stopped === null) {
        model.summary.stopped = `unreachable: ${cause} on ${UNREACHABLE_AFTER} requests in a row, none answered; check the endpoint and run again`;
        progress.note(`${model.label}: stopped asking (${model.summary.stopped})`);
        model.stop.abort();
      }
      return;
    }
  };

  try {
    await Promise.all(
      models.map((model) =>
        feed(
          model,
          plan.missing.filter((slot) => slot.model === model),
          collect,
          onFailure,
        ),
      ),
    );
  } finally {
    await writer.close();
    options.signal?.removeEventListener('abort', onOuterAbort);
    for (const m of models) {
      m.limiter.clear();
      await m.provider.close?.();
    }
    progress.stop(counts);
  }
  const interrupted = runAbort.signal.aborted;
  try {
    store.endRun(runId, failure ? 'failed' : interrupted ? 'interrupted' : 'finished');
  } catch (error) {
    // The store cannot be written (disk full, locked): the run stays "running" and the next run seals it.
    failure ??= error;
  }
  if (failure) throw failure;

  for (const m of models) m.summary.concurrencyCuts = m.limiter.cuts;
  return {
    runId,
    status: interrupted ? 'interrupted' : 'finished',
    planned: plan.answered + plan.missing.length,
    alreadyAnswered: plan.answered,
    done: counts.done,
    failed: counts.failed,
    missing: plan.missing.length - counts.done - counts.failed,
    retried: counts.retried,
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    elapsedMs: performance.now() - started,
    models: models.map((m) => m.summary),
    failureCauses: [...causes]
      .map(([cause, count]) => ({ cause, count }))
      .sort((x, y) => y.count - x.count || (x.cause < y.cause ? -1 : 1)),
  };
}

/**
 * A failure's cause in a few words, the same for every request that failed the same way: the common
 * network errors by name, otherwise the message without its variable tail (attempt counts, addresses).
 */
export function failureCause(message: string): string {
  const known: Array<[RegExp, string]> = [
    [/ECONNREFUSED|connection refused/i, 'connection refused'],
    [/ECONNRESET|socket hang up|connection reset/i, 'connection reset'],
    [/ENOTFOUND|EAI_AGAIN|getaddrinfo/i, 'host not found'],
    [/timed out|ETIMEDOUT/i, 'timed out'],
  ];
  for (const [pattern, cause] of known) if (pattern.test(message)) return cause;
  return message
    .replace(/ \(after \d+ attempts\)$/, '')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, 'ADDRESS')
    .slice(0, 120);
}

interface SavedDetails {
  finishReason: string | null;
  reportedModel: string | null;
  request: unknown;
  usage: unknown;
  latencyMs: number;
  startedAt: string;
}

/**
 * Hands a model's slots to `collect` a few at a time (twice its concurrency), not all at once: the queue
 * then never holds thousands of waiting tasks, each with its own abort listener.
 */
async function feed(
  model: ModelState,
  slots: ReadonlyArray<Slot<ModelState>>,
  collect: (slot: Slot<ModelState>) => Promise<void>,
  onFailure: (error: unknown) => void,
): Promise<void> {
  const window = 2 * model.limiter.maxConcurrency;
  let active = 0;
  let wake: (() => void) | undefined;
  const release = () => {
    active--;
    const w = wake;
    wake = undefined;
    w?.();
  };
  for (const slot of slots) {
    if (model.stop.signal.aborted) break;
    while (active >= window) await new Promise<void>((resolve) => (wake = resolve));
    active++;
    collect(slot).catch(onFailure).finally(release);
  }
  while (active > 0) await new Promise<void>((resolve) => (wake = resolve));
}

/** Resolves with the promise's value, or with undefined as soon as the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Each label names one model in the store. A label already used for another spec (or for imported answers)
 * is refused: mixing two models' answers under one name would corrupt every score that uses it.
 */
function registerModels(
  store: Store,
  models: readonly RunModel[],
  concurrency: number,
  rpm: number | undefined,
  runSignal: AbortSignal,
): ModelState[] {
  if (models.length === 0) throw new UserError('no models to run: give at least one --model SPEC');
  const seen = new Map<string, string>();
  for (const m of models) {
    const other = seen.get(m.label);
    if (other !== undefined) {
      throw new UserError(
        `two models share the label "${m.label}" (${other} and ${m.provider.id}); give one a name with --name LABEL=SPEC`,
      );
    }
    seen.set(m.label, m.provider.id);
    const existing = store.models.find(m.label);
    if (existing && (existing.source !== 'live' || existing.providerSpec !== m.provider.id)) {
      const was =
        existing.source === 'live'
          ? `collected from ${existing.providerSpec ?? 'an unknown spec'}`
          : `holding answers from ${existing.source}`;
      throw new UserError(`model "${m.label}" is already in the store, ${was}; give ${m.provider.id} another name with --name LABEL=SPEC`);
    }
  }
  return store.transaction(() =>
    models.map((m) => {
      const stop = new AbortController();
      // Every slot in flight (at most twice the concurrency) listens for a stop, plus its attempt and backoff.
      setMaxListeners(6 * Math.max(1, concurrency) + 10, stop.signal);
      runSignal.addEventListener('abort', () => stop.abort(), { once: true });
      return {
        label: m.label,
        modelId: store.models.ensure(m.label, 'live', m.provider.id),
        provider: m.provider,
        limiter: new ProviderLimiter({ concurrency, ...(rpm === undefined ? {} : { rpm }) }),
        stop,
        summary: { label: m.label, spec: m.provider.id, done: 0, failed: 0, stopped: null, concurrencyCuts: 0, rateLimited: 0 },
        unreachable: 0,
      };
    }),
  );
}
