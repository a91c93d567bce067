/**
 * An error caused by what the user gave us (a file, a flag, a database), as opposed to a bug.
 * The CLI prints its message as one line and exits with code 1; anything else is a bug and keeps its stack.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
