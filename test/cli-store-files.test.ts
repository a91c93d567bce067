import { describe, expect, it } from 'vitest';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli.js';
import { tempDir, writeTemp } from './helpers/temp.js';

// What the commands do with a --db file that is not a healthy store: an empty file, an empty SQLite
// database. Bad input: one line on stderr naming the file, exit code 1, the file as it was.

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
