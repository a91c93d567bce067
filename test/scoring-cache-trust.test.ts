import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { ALPACA_DEV_PRESENT, ALPACA_DEV_SKIP_REASON, alpacaDevFiles } from './helpers/alpaca-dev.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath } from './helpers/temp.js';

// The cache beside a store (<db>.cache) is derived data that verify does not check: --no-cache gives the
// numbers of the store alone, whatever the cache holds.

if (!ALPACA_DEV_PRESENT) console.warn(ALPACA_DEV_SKIP_REASON);

describe.skipIf(!ALPACA_DEV_PRESENT)('--no-cache', () => {
  it('scores from the store alone: the same numbers as a fresh cache, whatever an edited cache says, and no cache file', async () => {
    const db = tempDbPath();
    const store = Store.open(db);
    importTranscripts(store, alpacaDevFiles().slice(0, 6), { format: 'alpaca-eval' });
    store.close();
    const pair = ['Mistral-7B-Instruct-v0.2', 'Contextual-KTO-Mistral-PairRM'];
    const compare = (...more: string[]) => runCli(['--db', db, 'compare', ...pair, '--embedder', 'style', '--json', ...more]);

    const alone = await compare('--no-cache');
    expect(alone.status, alone.stderr).toBe(0);
    expect(existsSync(`${db}.cache`)).toBe(false);

    const fresh = await compare();
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stdout).toBe(alone.stdout);

    // Every pair's similarity series replaced by another pair's: the cached numbers are now wrong.
    const cache = new Database(`${db}.cache`);
    cache.exec('UPDATE table_pairs SET body = (SELECT body FROM table_pairs t WHERE t.table_key = table_pairs.table_key AND t.pair = 0)');
    cache.close();
    const edited = await compare();
    expect(edited.status, edited.stderr).toBe(0);
    expect(JSON.parse(edited.stdout).score).not.toBe(JSON.parse(fresh.stdout).score);

    const again = await compare('--no-cache');
    expect(again.stdout).toBe(alone.stdout);
  });
});
