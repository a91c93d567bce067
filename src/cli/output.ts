export { writeFileAtomically } from '../util/files.js';

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
