import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { importTranscripts } from '../src/import/index.js';
import { Store } from '../src/store/index.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { tempDbPath, writeTemp } from './helpers/temp.js';

function population(): string {
  // four models over twelve prompts: enough for a calibrated score (two references per pair)
  const lines: string[] = [];
  const voices: Record<string, (p: number) => string> = {
    formal: (p) => `Certainly. Regarding topic ${p}, the answer is as follows: it depends on context.`,
    copycat: (p) => `Certainly. Regarding topic ${p}, the answer is as follows: it depends on the context.`,
    casual: (p) => `lol idk about ${p}, maybe ask someone else?? 😅`,
    listy: (p) => `## Topic ${p}\n\n- point one\n- point two\n- **bold** point three`,
  };
  for (let p = 0; p < 12; p++) {
    for (const [model, voice] of Object.entries(voices))
      lines.push(JSON.stringify({ model, prompt: `Tell me about ${p}`, response: voice(p) }));
  }
  return writeTemp('population.jsonl', lines.join('\n'));
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('CLI contract', () => {
  // One store imported through the CLI for the whole file; the tests only read it (bad input must leave it unchanged).
  const db = tempDbPath();
  let imported: CliResult;
  beforeAll(async () => {
    imported = await runCli(['--db', db, 'import', population(), '--format', 'jsonl']);
  });

  it('imports and lists models', async () => {
    expect(imported.status).toBe(0);
    const models = JSON.parse((await runCli(['--db', db, 'models', '--json'])).stdout);
    expect(models).toHaveLength(4);
    expect(models[0]).toEqual({ name: 'casual', responses: 12, source: 'jsonl' });
  });

  it('matrix --json has models, scores with a null diagonal, and the embedder', async () => {
    const result = await runCli(['--db', db, 'matrix', '--json']);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.models).toEqual(['casual', 'copycat', 'formal', 'listy']);
    expect(out.embedder).toBe('style');
    expect(out.scores).toHaveLength(4);
    out.scores.forEach((row: Array<number | null>, i: number) => {
      expect(row[i]).toBeNull();
      row.forEach((v, j) => i !== j && expect(typeof v).toBe('number'));
    });
    const formal = out.models.indexOf('formal');
    const copycat = out.models.indexOf('copycat');
    const best = out.scores[formal]
      .map((v: number | null, j: number) => [v ?? -Infinity, j])
      .sort((a: number[], b: number[]) => b[0]! - a[0]!)[0][1];
    expect(best).toBe(copycat);
  });

  it('matrix --models restricts the rows and columns but keeps every model as a reference', async () => {
    const out = JSON.parse((await runCli(['--db', db, 'matrix', '--json', '--models', 'formal,copycat'])).stdout);
    expect(out.models).toEqual(['formal', 'copycat']);
    expect(out.references).toHaveLength(4);
  });

  it('compare --json and rank --json follow the contract', async () => {
    const compared = JSON.parse((await runCli(['--db', db, 'compare', 'formal', 'copycat', '--json'])).stdout);
    expect(compared).toMatchObject({ source: 'formal', suspect: 'copycat', probes: 12 });
    expect(typeof compared.score).toBe('number');
    expect(typeof compared.raw).toBe('number');
    expect(compared.pValue).toBeGreaterThan(0);
    expect(compared.pValue).toBeLessThanOrEqual(1);
    expect(compared.ci).toHaveLength(2);
    expect(compared.ci[0]).toBeLessThanOrEqual(compared.ci[1]);
    expect(['same-model', 'derived', 'inconclusive', 'no-evidence', 'unrelated']).toContain(compared.verdict);
    expect(Object.keys(compared.categories)).toEqual(['general']);
    const ranked = JSON.parse((await runCli(['--db', db, 'rank', 'copycat', '--json'])).stdout);
    expect(ranked.suspect).toBe('copycat');
    expect(ranked.ranking.map((r: { model: string }) => r.model)[0]).toBe('formal');
    expect(ranked.ranking).toHaveLength(3);
    for (const r of ranked.ranking) {
      expect(r).toHaveProperty('pValue');
      expect(r).toHaveProperty('ci');
      expect(r).toHaveProperty('verdict');
      expect(r.pValue).toBeGreaterThanOrEqual(r.pValueUnadjusted); // Holm never lowers a p-value
    }
  });

  it('prints readable tables without --json', async () => {
    const out = await runCli(['--db', db, 'rank', 'copycat']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('formal');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what colour codes start with
    expect(out.stdout).not.toMatch(/\u001b\[/); // no colour codes when not on a terminal
  });

  describe('bad input: one line on stderr, exit code 1, the store unchanged', () => {
    const cases: Array<[string, () => string[], RegExp]> = [
      ['an unknown model in compare', () => ['compare', 'formal', 'nobody'], /unknown model "nobody"/],
      ['an unknown model in rank', () => ['rank', 'nobody'], /unknown model "nobody"/],
      ['an unknown candidate in rank', () => ['rank', 'copycat', '--candidates', 'formal,nobody'], /unknown model "nobody"/],
      ['an unknown format', () => ['import', population(), '--format', 'csv'], /argument 'csv' is invalid/],
      ['malformed JSON', () => ['import', writeTemp('bad.json', '[{'), '--format', 'alpaca-eval'], /bad\.json: not valid JSON/],
      ['an empty file', () => ['import', writeTemp('empty.json', ''), '--format', 'alpaca-eval'], /empty\.json: file is empty/],
      [
        'a record missing output',
        () => ['import', writeTemp('r.json', JSON.stringify([{ instruction: 'x', generator: 'g' }])), '--format', 'alpaca-eval'],
        /r\.json: record 1: "output" is missing/,
      ],
      ['an unknown command', () => ['frobnicate'], /unknown command 'frobnicate'/],
      ['an unknown embedder', () => ['matrix', '--embedder', 'nonsense'], /unknown embedder 'nonsense'/],
    ];
    // Side by side: each is its own process (concurrent tests check with their own `expect`).
    for (const [name, args, message] of cases) {
      it.concurrent(name, async ({ expect }) => {
        const before = sha(db);
        const result = await runCli(['--db', db, ...args()]);
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(message);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(sha(db)).toBe(before);
      });
    }

    it('a database file that is something else', async () => {
      const notDb = writeTemp('notes.db', 'these are my notes\n');
      const result = await runCli(['--db', notDb, 'models']);
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(`llm-fingerprint: ${notDb} is not an llm-fingerprint database (not a SQLite file)`);
      expect(readFileSync(notDb, 'utf8')).toBe('these are my notes\n');
    });

    it('a foreign SQLite database', async () => {
      const path = tempDbPath();
      const foreign = new Database(path);
      foreign.exec('CREATE TABLE t (x)');
      foreign.close();
      const before = sha(path);
      const result = await runCli(['--db', path, 'import', population(), '--format', 'jsonl']);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/not an llm-fingerprint database/);
      expect(sha(path)).toBe(before);
    });
  });

  it('refuses to read from a database that does not exist, and creates none', async () => {
    const missing = tempDbPath();
    const commands = [['models'], ['matrix'], ['rank', 'x'], ['compare', 'x', 'y'], ['report', 'x', 'y'], ['verify']];
    const results = await Promise.all(commands.map((args) => runCli(['--db', missing, ...args])));
    for (const [i, args] of commands.entries()) {
      const result = results[i]!;
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr.trim()).toBe(
        `llm-fingerprint: no database at ${missing}: import answers or run a collection first, or point --db (or LLM_FINGERPRINT_DB) at one`,
      );
      expect(existsSync(missing)).toBe(false);
    }
  });

  it('reads the database path from LLM_FINGERPRINT_DB', async () => {
    const out = await runCli(['models', '--json'], { LLM_FINGERPRINT_DB: db });
    expect(JSON.parse(out.stdout)).toHaveLength(4);
  });

  it('writes a large --json output completely into a pipe', async () => {
    const big = tempDbPath();
    const lines: string[] = [];
    for (let m = 0; m < 40; m++)
      for (let p = 0; p < 5; p++)
        lines.push(JSON.stringify({ model: `model-${m}`, prompt: `q${p}`, response: `answer ${p} in voice ${m % 7} ${'x'.repeat(m)}` }));
    const store = Store.open(big);
    importTranscripts(store, [writeTemp('many.jsonl', lines.join('\n'))], { format: 'jsonl' });
    store.close();
    const out = await runCli(['--db', big, 'matrix', '--json']);
    expect(out.stdout.length).toBeGreaterThan(65536);
    expect(JSON.parse(out.stdout).models).toHaveLength(40);
  });
});
