import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { UserError, errorMessage } from './errors.js';

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
