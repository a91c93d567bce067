import { parseArgs } from 'node:util';

/** Bench flags are strings; one with a default is always present. */
type StringFlags = Record<string, { type: 'string'; default?: string }>;
type FlagValues<O extends StringFlags> = { [K in keyof O]: O[K] extends { default: string } ? string : string | undefined };

/** Ends a bench before it does any work: one line naming the problem, exit code 1, no stack trace. */
function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** The bench's command-line flags; an unknown flag or a missing value is a one-line error. */
export function benchArgs<const O extends StringFlags>(options: O): FlagValues<O> {
  try {
    // node's own result type cannot be named in a declaration; with string flags only, it is this.
    return parseArgs({ options, strict: true }).values as unknown as FlagValues<O>;
  } catch (error) {
    return fail(String((error as Error).message).split('\n')[0]!);
  }
}

/**
 * A flag that counts something (runs, models, prompts): a whole number, at least `min`. Anything else
 * is a one-line error naming the flag, never read as 0. Read every flag before the bench starts work.
 */
export function countFlag(name: string, value: string, min = 0): number {
  const count = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(count >= min)) fail(`--${name} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not "${value}"`);
  return count;
}
