import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli.js';
import { tempDir, writeTemp } from './helpers/temp.js';

// What the commands do with a --db file that is not a healthy store: an empty file, an empty SQLite
// database, a damaged one. Bad input: one line on stderr naming the file, exit code 1, the file as it was.

const READING_COMMANDS = [
  ['models'],
  ['compare', 'a', 'b'],
  ['matrix'],
  ['rank', 'a'],
  ['report', 'a', 'b'],
  ['export'],
  ['claims', '--model', 'a'],
  ['verify'],
];

const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |internal error/);
};

const jsonl = () => writeTemp('ok.jsonl', JSON.stringify({ model: 'm', prompt: 'p', response: 'r' }));

describe('an empty --db file', () => {
  it.concurrent.for(READING_COMMANDS.map((c) => [c.join(' '), c] as const))(
    '%s: names the file, exit 1, the file still empty and nothing beside it',
    async ([, args], { expect }) => {
      const db = join(tempDir(), 'empty.db');
      writeFileSync(db, '');
      const result = await runCli(['--db', db, ...args]);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        `llm-fingerprint: ${db} is empty: not an llm-fingerprint database yet (import answers or run a collection to fill it)`,
      );
      oneLine(result.stderr);
      expect(statSync(db).size).toBe(0);
      expect(readdirSync(dirname(db))).toEqual(['empty.db']);
    },
  );

  it('an empty SQLite database is refused the same way by a command that only reads', async () => {
    const db = join(tempDir(), 'blank.db');
    const blank = new Database(db);
    blank.exec('VACUUM'); // writes the header: a SQLite file with no tables
    blank.close();
    const before = statSync(db).size;
    const result = await runCli(['--db', db, 'models']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(`${db} is an empty SQLite database: not an llm-fingerprint database yet`);
    oneLine(result.stderr);
    expect(statSync(db).size).toBe(before);
  });

  it('import writes the store into it, as into a new file', async () => {
    const db = join(tempDir(), 'empty.db');
    writeFileSync(db, '');
    expect((await runCli(['--db', db, 'import', jsonl(), '--format', 'jsonl'])).status).toBe(0);
    expect(JSON.parse((await runCli(['--db', db, 'models', '--json'])).stdout)).toEqual([{ name: 'm', responses: 1, source: 'jsonl' }]);
  });

  it('a writing command that fails after opening it leaves it empty', async () => {
    const db = join(tempDir(), 'empty.db');
    writeFileSync(db, '');
    const battery = writeTemp('b.yaml', 'name: t\nversion: "1"\nprobes:\n  - {id: a, category: c, language: en, prompt: hi}\n');
    const result = await runCli(['--db', db, 'run', '--battery', battery, '--name', 'x=exec:cat', '--name', 'x=exec:head']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/two models share the label "x"/);
    expect(statSync(db).size).toBe(0);
    expect(readdirSync(dirname(db))).toEqual(['empty.db']);
  });
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Four models answering eight prompts each: enough for a calibrated compare. */
function population(): string {
  const lines: string[] = [];
  for (let p = 0; p < 8; p++)
    for (const [m, voice] of ['Sure! ', 'Well, ', 'OK: ', 'Hmm... '].entries())
      lines.push(JSON.stringify({ model: `m${m}`, prompt: `question ${p}`, response: `${voice}the answer to ${p} is ${p * (m + 1)}.` }));
  return writeTemp('population.jsonl', lines.join('\n'));
}

/** Overwrites page `page` (1-based) of a SQLite file with garbage, as a bad sector or a stray write would. */
function overwritePage(path: string, page: number): void {
  const size = new Database(path, { readonly: true });
  const pageSize = size.pragma('page_size', { simple: true }) as number;
  size.close();
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

const rootPage = (path: string, table: string) => {
  const db = new Database(path, { readonly: true });
  const page = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(table) as number;
  db.close();
  return page;
};

describe('a damaged database', () => {
  let healthy: string;
  beforeAll(async () => {
    healthy = join(tempDir(), 'healthy.db');
    expect((await runCli(['--db', healthy, 'import', population(), '--format', 'jsonl'])).status).toBe(0);
  });

  /** A copy of the store with the answers' table damaged: the models still list, reading answers fails mid-query. */
  const damagedCopy = () => {
    const db = join(tempDir(), 'damaged.db');
    copyFileSync(healthy, db);
    overwritePage(db, rootPage(db, 'responses'));
    return db;
  };

  it.concurrent.for([
    ['compare', 'm0', 'm1'],
    ['rank', 'm1'],
    ['matrix'],
    ['report', 'm0', 'm1'],
    ['export'],
    ['import', '--format', 'jsonl'],
  ])('%s: one line naming the file and what to run, exit 1, the file unchanged', async (args, { expect }) => {
    const db = damagedCopy();
    const before = sha(db);
    const result = await runCli(['--db', db, ...args, ...(args[0] === 'import' ? [population()] : [])]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `llm-fingerprint: ${db} is damaged (database disk image is malformed): run \`verify\` to see what can be read`,
    );
    expect(sha(db)).toBe(before);
  });

  it('verify names the damage in one line', async () => {
    const result = await runCli(['--db', damagedCopy(), 'verify']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^llm-fingerprint: integrity check failed: (?!\*\*\*)/);
    oneLine(result.stderr);
  });

  it('a damaged schema page: one line at open', async () => {
    const db = join(tempDir(), 'damaged.db');
    copyFileSync(healthy, db);
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(1000, 0xab), 0, 1000, 100); // page 1 after the header: the schema
    closeSync(fd);
    const result = await runCli(['--db', db, 'models']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`^llm-fingerprint: ${db} is damaged \\(.+\\): SQLite cannot read its schema$`));
  });

  it('a damaged cache beside a sound store is only lost work: the same result, computed again', async () => {
    const db = join(tempDir(), 'sound.db');
    copyFileSync(healthy, db);
    const first = await runCli(['--db', db, 'compare', 'm0', 'm1', '--json']);
    expect(first.status).toBe(0);
    const cache = `${db}.cache`;
    for (const table of ['vectors', 'table_pairs']) overwritePage(cache, rootPage(cache, table));
    const again = await runCli(['--db', db, 'compare', 'm0', 'm1', '--json']);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });
});

describe('a write interrupted mid-transaction (a hot journal beside the store)', () => {
  /**
   * The pair of files a write killed mid-transaction leaves: the store with some uncommitted pages
   * already in it (a transaction larger than SQLite's page cache spills them) and `<db>-journal` holding
   * those pages' committed content. Made by copying both while a transaction is open, which is what
   * kill -9 leaves, without depending on when a signal lands.
   */
  async function interruptedWrite(): Promise<{ db: string; committed: string }> {
    const source = join(tempDir(), 'source.db');
    expect((await runCli(['--db', source, 'import', population(), '--format', 'jsonl'])).status).toBe(0);
    const committed = sha(source);
    const db = join(tempDir(), 'interrupted.db');
    const writer = new Database(source);
    writer.pragma('cache_size = 2');
    writer.exec('BEGIN');
    const insert = writer.prepare(`INSERT INTO models (name, source, created_at) VALUES (?, 'jsonl', '2026-01-01')`);
    for (let i = 0; i < 500; i++) insert.run(`uncommitted-${i}-${'x'.repeat(200)}`);
    copyFileSync(source, db);
    copyFileSync(`${source}-journal`, `${db}-journal`);
    writer.exec('ROLLBACK');
    writer.close();
    expect(sha(db)).not.toBe(committed); // uncommitted pages are in the copy
    return { db, committed };
  }

  it('a command that only reads rolls it back and reads what was committed: the file as it was before the write', async () => {
    const { db, committed } = await interruptedWrite();
    const result = await runCli(['--db', db, 'models', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).map((m: { name: string }) => m.name)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(sha(db)).toBe(committed);
    expect(readdirSync(dirname(db))).toEqual(['interrupted.db']); // the journal is gone
  });

  it('verify then finds the store sound', async () => {
    const { db } = await interruptedWrite();
    const result = await runCli(['--db', db, 'verify']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ok: /m);
  });

  it('a foreign database with a hot journal is refused and left as it is', async () => {
    const dir = tempDir();
    const source = join(dir, 'source.db');
    const writer = new Database(source);
    writer.exec('CREATE TABLE notes (body TEXT)');
    writer.pragma('cache_size = 2');
    writer.exec('BEGIN');
    for (let i = 0; i < 500; i++) writer.prepare('INSERT INTO notes VALUES (?)').run('x'.repeat(200));
    const db = join(dir, 'foreign.db');
    copyFileSync(source, db);
    copyFileSync(`${source}-journal`, `${db}-journal`);
    writer.exec('ROLLBACK');
    writer.close();
    const before = sha(db);
    const result = await runCli(['--db', db, 'models']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(`${db} is not an llm-fingerprint database`);
    oneLine(result.stderr);
    expect(sha(db)).toBe(before);
    expect(statSync(`${db}-journal`).size).toBeGreaterThan(0);
  });
});
