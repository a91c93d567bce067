import { accessSync, closeSync, constants, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError, errorMessage } from './errors.js';

/**
 * Fails now, with the message writeFileAtomically would give, when `path` could not be written later:
 * its folder is missing, not a folder, or not writable. For commands that work for a while before
 * they write (the demo collects its answers first).
 */
export function assertWritable(path: string): void {
  const folder = dirname(path);
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new UserError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
  }
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
