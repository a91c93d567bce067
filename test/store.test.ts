import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Store, SCHEMA_VERSION } from '../src/store/index.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { IntegrityReader } from '../src/store/integrity.js';
import { tempDir } from './helpers/temp.js';

const tempDb = () => join(tempDir('llmfp-store-'), 'fp.db');

describe('store', () => {
  it('creates a versioned schema and reopens it', () => {
    const path = tempDb();
    const store = Store.open(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.models.ensure('a', 'test');
    store.close();
    const again = Store.open(path);
    expect(again.models.list().map((m) => m.name)).toEqual(['a']);
    again.close();
  });

  it('refuses a file that is not SQLite', () => {
    const path = tempDb();
    writeFileSync(path, 'just some text\n');
    expect(() => Store.open(path)).toThrow(/not an llm-fingerprint database/);
  });

  it('refuses a foreign SQLite database and leaves it untouched', () => {
    const path = tempDb();
    const foreign = new Database(path);
    foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);');
    foreign.close();
    expect(() => Store.open(path)).toThrow(/not an llm-fingerprint database/);
    const check = new Database(path);
    expect(check.prepare('SELECT total FROM invoices').pluck().get()).toBe(9.5);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });

  it("lists SQLite's structural problems one a line, without the heading it puts over a damaged file's", () => {
    // What integrity_check returns for an overwritten page: one row, many lines (the file itself is hard to damage just so).
    const damaged = {
      pragma: () => [
        { integrity_check: '*** in database main ***\nTree 11 page 11: btreeInitPage() returns error code 11\nPage 17: never used' },
      ],
    };
    expect(new IntegrityReader(damaged as unknown as Database.Database).sqliteProblems()).toEqual([
      'Tree 11 page 11: btreeInitPage() returns error code 11',
      'Page 17: never used',
    ]);
    const sound = { pragma: () => [{ integrity_check: 'ok' }] };
    expect(new IntegrityReader(sound as unknown as Database.Database).sqliteProblems()).toEqual([]);
  });

  it('refuses a database from a newer version of the tool', () => {
    const path = tempDb();
    Store.open(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => Store.open(path)).toThrow(/newer than this llm-fingerprint understands/);
  });

  it('keeps one response per slot and tells unchanged from conflicting', () => {
    const store = Store.open(tempDb());
    const model = store.models.ensure('m', 'test');
    const prompt = store.prompts.ensure([{ role: 'user', content: 'hi' }]);
    const run = store.runs.start({ kind: 'import', toolVersion: 'test' });
    const base = { runId: run, modelId: model, promptId: prompt.id, sampleIndex: 0 };
    expect(store.responses.insert({ ...base, text: 'hello' })).toBe('added');
    expect(store.responses.insert({ ...base, text: 'hello' })).toBe('unchanged');
    expect(store.responses.insert({ ...base, text: 'other' })).toBe('conflict');
    expect([...store.responses.answersOf('m')].map((r) => r.response)).toEqual(['hello']);
    store.close();
  });
});

describe('store migrations and runs', () => {
  it('upgrades a version-1 database in place, keeping what it holds', () => {
    const path = tempDb();
    const raw = new Database(path);
    raw.pragma('application_id = 0x4c4c4d46');
    raw.exec(MIGRATIONS[0]!);
    raw.pragma('user_version = 1');
    raw.prepare(`INSERT INTO models (name, source, created_at) VALUES ('old', 'jsonl', '2026-01-01')`).run();
    raw.close();
    const store = Store.open(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.models.find('old')).toMatchObject({ name: 'old', source: 'jsonl' });
    expect(store.db.prepare('SELECT pid, host FROM runs').all()).toEqual([]);
    store.close();
  });

  it('marks as interrupted a run left "running" by a process that is gone, and only such runs', () => {
    const store = Store.open(tempDb());
    const mine = store.runs.start({ kind: 'live', toolVersion: 'test' });
    const killed = store.runs.start({ kind: 'live', toolVersion: 'test' });
    const elsewhere = store.runs.start({ kind: 'live', toolVersion: 'test' });
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: never a live process
    store.db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(deadPid, killed);
    store.db.prepare(`UPDATE runs SET pid = ?, host = 'another-machine' WHERE id = ?`).run(deadPid, elsewhere);
    expect(store.runs.closeAbandoned()).toEqual([killed]);
    const status = (id: number) => store.db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(id);
    expect([status(mine), status(killed), status(elsewhere)]).toEqual(['running', 'interrupted', 'running']);
    store.close();
  });
});
