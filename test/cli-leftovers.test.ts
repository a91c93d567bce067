import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { tempDir, writeTemp } from './helpers/temp.js';

// A command that fails leaves no new file behind: no empty database that a later command would take
// for a real one, no journal, no vector cache.

const NO_DATABASE = /no database at .*: import answers or run a collection first/;

describe('a failing command on a new database path', () => {
  const cases: Array<[string, (dir: string) => string[], RegExp]> = [
    ['run with a bad model spec', () => ['run', '--model', 'gpt4'], /bad model spec "gpt4"/],
    [
      'import of a missing file',
      (dir) => ['import', join(dir, 'missing.json'), '--format', 'alpaca-eval'],
      /missing\.json: cannot read file: ENOENT/,
    ],
    [
      'import of a bad file',
      () => ['import', writeTemp('bad.jsonl', '{"model": "m", "prompt": "p", "response": 42}'), '--format', 'jsonl'],
      /must be a string/,
    ],
    [
      // fails inside the command, after the database was opened and the battery stored in it
      'run with two models under one label',
      () => [
        'run',
        '--battery',
        writeTemp('b.yaml', 'name: t\nversion: "1"\nprobes:\n  - {id: a, category: c, language: en, prompt: hi}\n'),
        '--name',
        'x=exec:cat',
        '--name',
        'x=exec:head',
      ],
      /two models share the label "x"/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 1, and no file is created`, async () => {
      const dir = tempDir();
      const db = join(dir, 'case.db');
      const result = await runCli(['--db', db, ...args(dir)]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(dir)).toEqual([]);
      const models = await runCli(['--db', db, 'models']);
      expect(models.status).toBe(1);
      expect(models.stderr).toMatch(NO_DATABASE);
      expect(existsSync(db)).toBe(false);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  it('keeps a database the failing command did not create', async () => {
    const db = join(tempDir(), 'case.db');
    const file = writeTemp('ok.jsonl', JSON.stringify({ model: 'm', prompt: 'p', response: 'r' }));
    expect((await runCli(['--db', db, 'import', file, '--format', 'jsonl'])).status).toBe(0);
    expect((await runCli(['--db', db, 'run', '--model', 'gpt4'])).status).toBe(1);
    expect(readdirSync(dirname(db)).sort()).toEqual(['case.db']);
    expect(JSON.parse((await runCli(['--db', db, 'models', '--json'])).stdout)).toEqual([{ name: 'm', responses: 1, source: 'jsonl' }]);
  });
});
