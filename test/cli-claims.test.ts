import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const dir = tempDir('llmfp-claims-');

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const jsonl = file(
  'answers.jsonl',
  [
    { model: 'student', prompt: 'Who made you?', response: 'I am ChatGPT, a large language model trained by OpenAI.' },
    { model: 'student', prompt: 'Who made you?', response: 'I am not ChatGPT. I prefer not to say who made me.' },
    { model: 'other', messages: [{ role: 'user', content: '你是谁？' }], response: '我是通义千问，由阿里云开发。' },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n'),
);

/**
 * The store's content, hashed: reading claims must leave every byte as it was. A read-only reader of a
 * WAL database may leave an empty -wal file behind; an absent and an empty log hold the same (nothing).
 */
const storeDigest = (db: string) =>
  ['', '-wal']
    .map((suffix) =>
      createHash('sha256')
        .update(existsSync(db + suffix) ? readFileSync(db + suffix) : '')
        .digest('hex'),
    )
    .join(' ');

describe('claims command', () => {
  it('prints one JSON object per record, in input order', async () => {
    const result = await runCli(['claims', jsonl, '--format', 'jsonl', '--json']);
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout);
    expect(rows).toEqual([
      { model: 'student', claimedMaker: 'openai', claimedModel: 'chatgpt', evidence: 'I am ChatGPT' },
      { model: 'student', claimedMaker: null, claimedModel: null, evidence: null },
      { model: 'other', claimedMaker: 'alibaba', claimedModel: 'qwen', evidence: expect.stringContaining('我是通义千问') },
    ]);
    for (const row of rows) expect(Object.keys(row)).toEqual(['model', 'claimedMaker', 'claimedModel', 'evidence']);
  });

  it('reads AlpacaEval files and takes --model for every answer', async () => {
    const alpaca = file(
      'outputs.json',
      JSON.stringify([{ instruction: 'Who are you?', output: "I'm Claude, made by Anthropic.", generator: 'g' }]),
    );
    const rows = JSON.parse((await runCli(['claims', alpaca, '--format', 'alpaca-eval', '--model', 'renamed', '--json'])).stdout);
    expect(rows).toEqual([{ model: 'renamed', claimedMaker: 'anthropic', claimedModel: 'claude', evidence: "I'm Claude" }]);
  });

  it('prints a table of claim rates by maker without --json', async () => {
    const result = await runCli(['claims', jsonl, '--format', 'jsonl']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/openai/);
    expect(result.stdout).toMatch(/student/);
    expect(result.stdout).toMatch(/50\.0% \(1\)/);
  });

  it('reads a stored model without writing to the store', async () => {
    const db = join(dir, 'claims.db');
    expect((await runCli(['--db', db, 'import', jsonl, '--format', 'jsonl'])).status).toBe(0);
    const before = storeDigest(db);
    const result = await runCli(['--db', db, 'claims', '--model', 'student', '--category', '', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).map((r: { claimedMaker: string | null }) => r.claimedMaker)).toEqual(['openai', null]);
    expect(storeDigest(db)).toBe(before);
    // imported answers carry no identity category unless the file says so
    expect(JSON.parse((await runCli(['--db', db, 'claims', '--model', 'student', '--json'])).stdout)).toEqual([]);
  });

  it.each([
    ['a missing file', () => ['claims', join(dir, 'missing.jsonl'), '--format', 'jsonl', '--json'], /missing\.jsonl: cannot read file/],
    ['a file without --format', () => ['claims', jsonl, '--json'], /--format is required/],
    ['a bad format', () => ['claims', jsonl, '--format', 'csv'], /argument 'csv' is invalid/],
    [
      'a malformed record',
      () => ['claims', file('bad.jsonl', '{"model": "m"}'), '--format', 'jsonl'],
      /bad\.jsonl: line 1: "response" is missing/,
    ],
    ['neither files nor --model', () => ['--db', join(dir, 'claims.db'), 'claims'], /give transcript files, or --model/],
    ['an unknown model', () => ['--db', join(dir, 'claims.db'), 'claims', '--model', 'nobody', '--json'], /unknown model "nobody"/],
  ])('fails with one line and exit code 1 on %s', async (_, args, message) => {
    const result = await runCli(args());
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
