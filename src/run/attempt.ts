import { AbortedError, RetryableError, type Completion, type Provider } from '../providers/index.js';
import type { SamplingParams } from '../providers/index.js';
import type { ChatMessage } from '../prompt/index.js';

export type AttemptOutcome =
  | { ok: true; completion: Completion; latencyMs: number; startedAt: string }
  | { ok: false; error: unknown; latencyMs: number; startedAt: string };

/**
 * One request with a deadline. `stop` ends it early (interruption, model stopped); the deadline turns
 * into a RetryableError. The race guards against a provider that ignores its abort signal.
 */
export async function attemptOnce(
  provider: Provider,
  request: { messages: readonly ChatMessage[]; params: SamplingParams; sampleIndex: number },
  timeoutMs: number,
  stop: AbortSignal,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  let rejectAbort: (error: Error) => void = () => {};
  const aborted = new Promise<never>((_, reject) => (rejectAbort = reject));
  aborted.catch(() => {}); // settled only when someone is listening; never an unhandled rejection
  const abort = (error: Error) => {
    controller.abort();
    rejectAbort(error);
  };
  const onStop = () => abort(new AbortedError());
  const timer = setTimeout(() => {
    timedOut = true;
    abort(new RetryableError(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  stop.addEventListener('abort', onStop, { once: true });
  if (stop.aborted) onStop();

  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  try {
    const completion = await Promise.race([provider.complete({ ...request, signal: controller.signal }), aborted]);
    return { ok: true, completion, latencyMs: performance.now() - t0, startedAt };
  } catch (error) {
    const reason = timedOut && !stop.aborted ? new RetryableError(`timed out after ${timeoutMs} ms`) : error;
    return { ok: false, error: reason, latencyMs: performance.now() - t0, startedAt };
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  }
}
