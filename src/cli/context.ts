import type { Command } from 'commander';
import { Store, type OpenOptions } from '../store/index.js';

export const DEFAULT_DB = './fingerprint.db';

/** The database path from the global --db flag, else LLM_FINGERPRINT_DB, else the command's default (./fingerprint.db). */
export function dbPath(command: Command, fallback = DEFAULT_DB): string {
  const globals = command.optsWithGlobals<{ db?: string }>();
  return globals.db ?? (process.env.LLM_FINGERPRINT_DB || fallback);
}

/** Opens the store for one command and always closes it, also when the command throws. */
export async function withStore<T>(
  command: Command,
  fn: (store: Store) => T | Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const store = Store.open(dbPath(command), options);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
