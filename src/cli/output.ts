import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { UserError, errorMessage } from '../util/errors.js';

/**
 * Writes JSON for scripts and pipes. The process must not be ended with process.exit() after this:
 * a large write to a pipe drains asynchronously and would be cut short.
 */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

/** Notices go to stderr so that stdout stays clean for --json consumers. */
export function notice(text: string): void {
  process.stderr.write(text + '\n');
}

/**
 * Writes a file whole or not at all: into a temporary file beside it, renamed over the target when
 * complete, so a reader (or a crash) never leaves half a report or half an export behind.
 */
export function writeFileAtomically(path: string, chunks: Iterable<string>): void {
  const partial = `${path}.${process.pid}.part`;
  let fd: number | undefined;
  try {
    fd = openSync(partial, 'w');
    for (const chunk of chunks) writeSync(fd, chunk);
    closeSync(fd);
    fd = undefined;
    renameSync(partial, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(partial, { force: true });
    if (error instanceof UserError) throw error; // the content could not be produced (a refused export), not a write failure
    throw new UserError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
  }
}
