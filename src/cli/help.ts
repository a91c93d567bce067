import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-info.js';

/**
 * The "Examples:" section of a command's help. Commands are shown as `llm-fingerprint …`, the name
 * `npm link` installs; without it, type `node dist/src/cli/main.js` in its place.
 */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ llm-fingerprint ${line}`).join('\n')}\n`;
}

/** A path or word as one shell argument. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * How to run this CLI again from the current folder whether or not `npm link` was run: `node` and the
 * path of main.js (relative when it lies below the current folder, else absolute).
 */
export function cliInvocation(cwd = process.cwd()): string {
  let main = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
  try {
    main = realpathSync(main);
  } catch {
    /* not built: show the path anyway */
  }
  const rel = relative(cwd, main);
  const shown = !isAbsolute(rel) && !rel.startsWith('..') ? rel : main;
  return `node ${shellQuote(shown)}`;
}
