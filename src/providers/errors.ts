/**
 * Failures of one completion request, sorted by what the runner should do about them.
 * Messages must never contain credentials: they are stored with the response and printed.
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Worth trying again: rate limits, server errors, timeouts, dropped connections, garbled bodies. */
export class RetryableError extends ProviderError {
  override name = 'RetryableError';
  /** The wait the server asked for (Retry-After), if any. */
  readonly retryAfterMs: number | undefined;
  /** How many retries this kind of failure deserves at most; undefined = the runner's limit. */
  readonly maxRetries: number | undefined;
  readonly rateLimited: boolean;
  constructor(message: string, options: { retryAfterMs?: number; maxRetries?: number; rateLimited?: boolean; cause?: unknown } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.maxRetries = options.maxRetries;
    this.rateLimited = options.rateLimited ?? false;
  }
}

/** Trying again will not help (bad request, empty answer, program failed). */
export class FatalError extends ProviderError {
  override name = 'FatalError';
  /** The whole model is unusable (bad key, unknown model): stop asking it anything in this run. */
  readonly stopsModel: boolean;
  constructor(message: string, options: { stopsModel?: boolean; cause?: unknown } = {}) {
    super(message, options);
    this.stopsModel = options.stopsModel ?? false;
  }
}

/** A garbled or incomplete body: retried, but only a couple of times. */
export const MALFORMED_RETRIES = 2;

export function malformed(what: string, cause?: unknown): RetryableError {
  return new RetryableError(`malformed response: ${what}`, { maxRetries: MALFORMED_RETRIES, cause });
}

export function emptyAnswer(finishReason: string | null): FatalError {
  return new FatalError(`empty answer${finishReason ? ` (finish reason: ${finishReason})` : ''}`);
}

/** Thrown when the caller aborted the request (interruption): the slot is left missing, not recorded. */
export class AbortedError extends Error {
  override name = 'AbortedError';
  constructor() {
    super('request aborted');
  }
}

/**
 * The wait a response asks for: `retry-after-ms` (milliseconds), else `retry-after` (seconds or an HTTP date).
 * Accepts a fetch Headers object or a plain record.
 */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const get = (name: string): string | null => {
    if (!headers) return null;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
    const record = headers as Record<string, unknown>;
    const value = record[name] ?? record[name.toLowerCase()];
    return typeof value === 'string' ? value : null;
  };
  const ms = get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const value = get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Status codes where the same request may succeed later. 529 is Anthropic's "overloaded". */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}
