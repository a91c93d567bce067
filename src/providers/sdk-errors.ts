import { AbortedError, FatalError, MALFORMED_RETRIES, ProviderError, RetryableError, isRetryableStatus, retryAfterMs } from './errors.js';
import { oneLine, redact } from './secrets.js';

/**
 * What both SDK clients are built with: no retries and no timeout of their own (the runner owns both,
 * through its retry policy and the abort signal), and the base URL where one is given.
 */
export function sdkClientOptions(baseURL: string | undefined): { baseURL?: string; maxRetries: number; timeout: number } {
  return { ...(baseURL ? { baseURL } : {}), maxRetries: 0, timeout: 24 * 60 * 60 * 1000 };
}

/** Loaded once, on first use: a command that calls no model never loads an SDK. */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** The error classes both official SDKs export under the same names. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
}

interface ApiErrorShape {
  status?: number;
  headers?: unknown;
  message: string;
}

/**
 * The innermost cause of a connection error: fetch wraps the socket's error ("connect ECONNREFUSED …")
 * in a bare "fetch failed", and the SDK wraps that again.
 */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++) current = current.cause;
  return current;
}

/** Sorts an SDK (or fetch, or JSON) failure into retryable / fatal / aborted, without leaking the key. */
export function mapSdkError(error: unknown, classes: SdkErrorClasses, signal: AbortSignal | undefined, secrets: string[]): Error {
  if (error instanceof ProviderError || error instanceof AbortedError) return error;
  if (signal?.aborted || error instanceof classes.APIUserAbortError) return new AbortedError();
  const message = (e: unknown) => oneLine(redact(e instanceof Error ? e.message : String(e), secrets));
  if (error instanceof classes.APIConnectionTimeoutError) return new RetryableError(`connection timed out`, { cause: error });
  if (error instanceof classes.APIConnectionError) {
    return new RetryableError(`connection failed: ${message(rootCause(error))}`, { cause: error });
  }
  if (error instanceof classes.APIError) {
    const api = error as unknown as ApiErrorShape;
    const status = api.status;
    if (status === undefined) return new RetryableError(message(error), { cause: error });
    if (isRetryableStatus(status)) {
      const wait = retryAfterMs(api.headers);
      return new RetryableError(message(error), {
        rateLimited: status === 429,
        cause: error,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
      });
    }
    return new FatalError(message(error), { stopsModel: status === 401 || status === 403 || status === 404, cause: error });
  }
  if (error instanceof SyntaxError) {
    return new RetryableError(`malformed response: ${message(error)}`, { maxRetries: MALFORMED_RETRIES, cause: error });
  }
  // Network failures that escaped the SDK's wrapping (socket resets, DNS) are worth another try.
  return new RetryableError(message(error), { cause: error });
}
