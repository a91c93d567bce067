import type { Command } from 'commander';
import { existsSync, rmSync, statSync, truncateSync } from 'node:fs';
import { Store, ScoringCache, damagedStoreError, type OpenOptions } from '../store/index.js';

export const DEFAULT_DB = './fingerprint.db';

/** The database path from the global --db flag, else LLM_FINGERPRINT_DB, else the command's default (./fingerprint.db). */
export function dbPath(command: Command, fallback = DEFAULT_DB): string {
  const globals = command.optsWithGlobals<{ db?: string }>();
  return globals.db ?? (process.env.LLM_FINGERPRINT_DB || fallback);
}

/** Opens the store for one command and always closes it, also when the command throws. */
export async function withStore<T>(command: Command, fn: (store: Store) => T | Promise<T>, options: OpenOptions = {}): Promise<T> {
  return withStoreAt(dbPath(command), fn, options);
}

/**
 * withStore for an explicit path. A command that fails leaves no new file behind: a vector cache it
 * created is removed, and so is a database it created, unless that database already holds a run
 * (answers a failing `run` did collect are evidence, and are kept). An empty file is a database not
 * yet written: a writing command that fails leaves it empty again.
 */
export async function withStoreAt<T>(path: string, fn: (store: Store) => T | Promise<T>, options: OpenOptions = {}): Promise<T> {
  const database = path === ':memory:' ? [] : [path, `${path}-journal`, `${path}-wal`, `${path}-shm`];
  const cacheFile = ScoringCache.pathFor(path);
  const cache = path === ':memory:' ? [] : [cacheFile, `${cacheFile}-wal`, `${cacheFile}-shm`];
  const databaseIsNew = database.length > 0 && !existsSync(path);
  const databaseWasEmpty = database.length > 0 && !databaseIsNew && statSync(path).size === 0;
  const cacheIsNew = cache.length > 0 && !existsSync(cacheFile);
  // Only files this command created go: never the journal of a database another process may be writing.
  const removeCreated = (keepDatabase: boolean) => {
    const files = [...(databaseIsNew && !keepDatabase ? database : []), ...(cacheIsNew ? cache : [])];
    for (const file of files) rmSync(file, { force: true });
    if (databaseWasEmpty && !keepDatabase && existsSync(path)) truncateSync(path, 0);
  };
  let store: Store;
  try {
    store = Store.open(path, options);
  } catch (error) {
    removeCreated(false);
    throw error;
  }
  try {
    return await fn(store);
  } catch (error) {
    let holdsRuns = true;
    try {
      holdsRuns = store.runs.any();
    } catch {
      // a database that cannot even say whether it holds runs is kept as it is
    }
    store.close();
    removeCreated(holdsRuns);
    // Here, not around each query: damage surfaces from whichever query first reads a damaged page.
    throw damagedStoreError(path, error);
  } finally {
    store.close();
  }
}
