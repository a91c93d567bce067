export interface BackoffOptions {
  /** First retry waits up to this long. */
  baseMs: number;
  /** No computed wait exceeds this (a server's Retry-After may ask for longer, up to maxRetryAfterMs). */
  maxMs: number;
  /** The longest Retry-After we honour; a longer ask is cut to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 5 * 60_000 };

/**
 * Wait before retry number `retry` (0-based): exponential backoff with full jitter, so that many clients hit
 * by the same failure do not come back in lockstep. A server's Retry-After wins when it gives one.
 */
export function retryDelayMs(retry: number, options: BackoffOptions, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxRetryAfterMs);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
