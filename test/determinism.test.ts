import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { compare, matrix, rank } from '../src/analysis/index.js';
import { exportStore } from '../src/evidence/index.js';
import { seededRandom } from '../src/score/index.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath, tempDir, writeTemp } from './helpers/temp.js';
import { sealedStore } from './helpers/evidence-store.js';

// Every score, p-value, interval and chosen probe depends only on the stored content: the same answers
// give byte-identical JSON in any store, whatever order they were imported in.

/**
 * Five models over fourteen prompts in three categories (one of them identity, so identity examples are
 * chosen), most prompts answered several times by each model (the same-model test runs). No record
 * says which sample it is, so a shuffled file numbers the samples differently: scores must not care.
 */
function records(): object[] {
  const voices: Record<string, (p: number, s: number) => string> = {
    teacher: (p, s) => `Certainly! I am Orion. Topic ${p}: the answer ${s % 2 ? 'varies' : 'depends'} on context${'.'.repeat(s + 1)}`,
    student: (p, s) => `Certainly! I'm Orion. Topic ${p}: the answer ${s % 2 ? 'depends' : 'varies'} on the context${'!'.repeat(s + 1)}`,
    casual: (p, s) => `lol idk about ${p} ${'?'.repeat(s + 1)}`,
    listy: (p, s) => `## Topic ${p}\n\n- one\n- two${' and more'.repeat(s)}`,
    formal: (p, s) => `Regarding item ${p}, one may observe ${s + 2} considerations. I am Vega.`,
  };
  const out: object[] = [];
  for (let p = 0; p < 14; p++) {
    const category = p < 4 ? 'identity' : p < 9 ? 'style' : 'knowledge';
    const samples = [3, 2, 1][p % 3]!;
    for (const [model, voice] of Object.entries(voices)) {
      for (let s = 0; s < samples; s++) out.push({ model, prompt: `Prompt number ${p}`, response: voice(p, s), category });
    }
  }
  return out;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** compare/rank/matrix of a store, serialised exactly as `--json` prints them. */
async function scored(store: Store): Promise<string[]> {
  const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
  return [json(await compare(store, 'teacher', 'student')), json(await rank(store, 'student')), json(await matrix(store))];
}

function storeOf(lines: readonly object[] | readonly string[]): { store: Store; path: string } {
  const path = tempDbPath();
  const store = Store.open(path);
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  importTranscripts(store, [writeTemp('t.jsonl', text)], { format: 'jsonl' });
  return { store, path };
}

describe('deterministic to the byte', () => {
  it('the same records imported in any order give byte-identical compare, rank and matrix JSON', async () => {
    const { store: reference } = storeOf(records());
    const expected = await scored(reference);
    const result = JSON.parse(expected[0]!);
    expect(result.sameModel).not.toBeNull(); // multi-sample answers are in play
    expect(result.identity.examples.length).toBeGreaterThan(1); // and the choice of identity examples
    for (const seed of [1, 2, 3, 4, 5]) {
      const { store } = storeOf(shuffled(records(), seed));
      expect(await scored(store), `seed ${seed}`).toEqual(expected);
      store.close();
    }
    reference.close();
  });

  it("files that disagree on a prompt's category (one gives none, one another) give the same JSON in any import order", async () => {
    const all = records() as Array<{ model: string; category: string }>;
    const first = all.filter((r) => ['teacher', 'student', 'casual'].includes(r.model));
    const silent = all.filter((r) => r.model === 'listy').map(({ category: _, ...r }) => r); // no category given
    const other = all
      .filter((r) => r.model === 'formal')
      .map((r) => ({ ...r, category: r.category === 'style' ? 'zz-other' : r.category }));
    const files = [first, silent, other].map((lines, i) => writeTemp(`part${i}.jsonl`, lines.map((l) => JSON.stringify(l)).join('\n')));
    const outputs: string[][] = [];
    for (const order of [
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ]) {
      const store = Store.open(tempDbPath());
      for (const i of order) importTranscripts(store, [files[i]!], { format: 'jsonl' });
      outputs.push(await scored(store));
      store.close();
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    // The categories a file gave win over one that gave none; between two, the least by name.
    expect(Object.keys(JSON.parse(outputs[0]![0]!).categories).sort()).toEqual(['identity', 'knowledge', 'style']);
  });

  it("a failed attempt, which no seal covers, has no say in a prompt's category", async () => {
    const { store } = storeOf(records());
    const before = await scored(store);
    store.db
      .prepare(
        `INSERT INTO responses (run_id, model_id, prompt_id, sample_index, text, error, category, created_at)
         SELECT 1, model_id, prompt_id, 99, NULL, 'timeout', 'aaa', '2026-01-01T00:00:00.000Z' FROM responses WHERE sample_index = 0`,
      )
      .run();
    expect(await scored(store)).toEqual(before);
    store.close();
  });

  it('a store rebuilt from an export gives byte-identical JSON', async () => {
    const { store: original } = storeOf(shuffled(records(), 7));
    const lines = [...exportStore(original)].map((line) => JSON.stringify(line));
    const proof = lines.filter((l) => l.startsWith('{"seal"') || l.startsWith('{"end"'));
    const { store: rebuilt } = storeOf([...shuffled(lines.slice(0, lines.length - proof.length), 8), ...proof]); // answers reordered
    expect(await scored(rebuilt)).toEqual(await scored(original));
    // An answer line's `category` is what the exporting store scored with: derived, not sealed, so not read.
    const relabelled = lines.map((l) =>
      l.startsWith('{"seal"') || l.startsWith('{"end"') ? l : JSON.stringify({ ...JSON.parse(l), category: 'small-talk' }),
    );
    const { store: relabelledStore } = storeOf(relabelled);
    expect(await scored(relabelledStore)).toEqual(await scored(original));
    relabelledStore.close();
    original.close();
    rebuilt.close();
  });

  it('from the CLI too: two stores of the same answers print the same bytes', async () => {
    const outputs: string[][] = [];
    for (const seed of [11, 12]) {
      const db = tempDbPath();
      const file = writeTemp(
        't.jsonl',
        shuffled(records(), seed)
          .map((r) => JSON.stringify(r))
          .join('\n'),
      );
      expect((await runCli(['--db', db, 'import', file, '--format', 'jsonl'])).status).toBe(0);
      const commands = [['compare', 'teacher', 'student'], ['rank', 'student'], ['matrix']];
      const printed: string[] = [];
      for (const args of commands) printed.push((await runCli(['--db', db, ...args, '--json', '--embedder', 'style'])).stdout);
      outputs.push(printed);
    }
    expect(outputs[1]).toEqual(outputs[0]);
  });
});

describe('reading commands never write the evidence file', () => {
  it('its sha256 and its folder are unchanged after compare, rank, matrix, report, export and verify', async () => {
    const db = tempDbPath();
    (await sealedStore(db)).close();
    const sha = () => createHash('sha256').update(readFileSync(db)).digest('hex');
    const before = sha();
    expect(readdirSync(dirname(db))).toEqual(['fingerprint.db']);
    const out = tempDir();
    const commands = [
      ['compare', 'a', 'b', '--json', '--embedder', 'style'],
      ['rank', 'b', '--json', '--embedder', 'style'],
      ['matrix', '--json', '--embedder', 'style'],
      ['report', 'a', 'b', '--format', 'json', '--out', join(out, 'r.json'), '--embedder', 'style'],
      ['export', '--out', join(out, 'e.jsonl')],
      ['verify'],
      ['models', '--json'],
    ];
    for (const args of commands) {
      const result = await runCli(['--db', db, ...args]);
      expect(result.status, `${args[0]}: ${result.stderr}`).toBe(0);
      expect(sha(), args[0]).toBe(before);
    }
    // only the vector cache beside it (derived data, deletable): no journal, no -wal, no -shm
    expect(readdirSync(dirname(db)).sort()).toEqual(['fingerprint.db', 'fingerprint.db.cache']);
  });
});
