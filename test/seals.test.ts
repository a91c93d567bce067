import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID, SCHEMA_VERSION, Store } from '../src/store/index.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { importTranscripts } from '../src/import/index.js';
import { verifyStore } from '../src/evidence/index.js';
import { GENESIS_HASH, manifestText, parseManifest, parseSealContent, sealHash } from '../src/seal/index.js';
import { canonicalMessages, promptSha256 } from '../src/prompt/index.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath } from './helpers/temp.js';
import { collect, stubProvider, transcript } from './helpers/evidence-store.js';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('seals', () => {
  it('an import is sealed when it ends: the run, a manifest of its answers, chained to the seal before', () => {
    const store = Store.open(tempDbPath());
    importTranscripts(store, [transcript(['a', 'b'])], { format: 'jsonl' });
    importTranscripts(store, [transcript(['c'])], { format: 'jsonl' });
    const [first, second] = store.seals.all();
    expect(store.seals.count()).toBe(2);

    const content = parseSealContent(first!.content);
    expect(content).toMatchObject({
      format: 'llm-fingerprint-seal/2',
      sequence: 1,
      answers: 6,
      run: { id: 1, kind: 'import', status: 'finished' },
    });
    expect(content.run.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(content.legacyRuns).toBeUndefined();
    expect(first!.previousHash).toBe(GENESIS_HASH);
    expect(first!.hash).toBe(sha(`${GENESIS_HASH}\n${first!.content}`));
    expect(second!.previousHash).toBe(first!.hash);
    expect(second!.hash).toBe(sealHash(first!.hash, second!.content));

    // the manifest: one line per answer, [model, prompt sha256, sample, text sha256, record sha256], in canonical order
    const manifest = parseManifest(first!.manifest);
    expect(sha(first!.manifest)).toBe(content.manifestSha256);
    expect(manifest).toHaveLength(6);
    expect(manifest[0]).toEqual({
      model: 'a',
      prompt: [0, 1, 2].map((p) => promptSha256([{ role: 'user', content: `question ${p}` }])).sort()[0],
      sample: 0,
      text: expect.stringMatching(/^[0-9a-f]{64}$/),
      record: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(manifestText([...manifest].reverse())).toBe(first!.manifest);
    store.close();
  });

  it('a re-import that adds nothing leaves no run and no seal', () => {
    const store = Store.open(tempDbPath());
    const file = transcript(['a']);
    importTranscripts(store, [file], { format: 'jsonl' });
    const [again] = importTranscripts(store, [file], { format: 'jsonl' });
    expect(again).toMatchObject({ added: 0, unchanged: 3 });
    expect(store.db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    expect(store.seals.count()).toBe(1);
    expect(verifyStore(store).ok).toBe(true);
    store.close();
  });

  it('a live run is sealed at its end with its usable answers; a resumed run fills failed slots and is sealed too', async () => {
    const store = Store.open(tempDbPath());
    let broken = true;
    const flaky = stubProvider('live', (prompt) => broken && prompt === 'question 1');
    const first = await collect(store, [{ label: 'live', provider: flaky }]);
    expect(first).toMatchObject({ done: 4, failed: 2 });
    const seal1 = parseSealContent(store.seals.all()[0]!.content);
    expect(seal1).toMatchObject({ answers: 4, run: { id: first.runId, kind: 'live', status: 'finished' } });
    expect(seal1.run.batteryHash).toMatch(/^[0-9a-f]{64}$/);

    broken = false;
    const second = await collect(store, [{ label: 'live', provider: flaky }]);
    expect(second).toMatchObject({ alreadyAnswered: 4, done: 2, failed: 0 });
    expect(parseSealContent(store.seals.all()[1]!.content)).toMatchObject({ answers: 2, run: { id: second.runId } });
    // the failed attempts were overwritten in place by the second run; the sealed answers of the first were not touched
    expect(store.db.prepare('SELECT run_id AS run, count(*) AS n FROM responses GROUP BY run_id ORDER BY run_id').all()).toEqual([
      { run: first.runId, n: 4 },
      { run: second.runId, n: 2 },
    ]);
    const report = verifyStore(store);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, seals: { count: 2, sealedAnswers: 6 }, unsealed: { answers: 0 } });
    store.close();
  });

  it('never overwrites a sealed answer', async () => {
    const store = Store.open(tempDbPath());
    const run = await collect(store, [{ label: 'live', provider: stubProvider('live') }]);
    const row = store.db.prepare('SELECT model_id AS modelId, prompt_id AS promptId FROM responses LIMIT 1').get() as {
      modelId: number;
      promptId: number;
    };
    const again = store.runs.start({ kind: 'live', toolVersion: 'test' });
    expect(store.responses.saveLive({ runId: again, ...row, sampleIndex: 0, text: 'other' })).toBe('kept');
    expect(store.db.prepare('SELECT count(*) FROM responses WHERE run_id = ?').pluck().get(run.runId)).toBe(6);
    store.close();
  });

  it('a killed run is unsealed (a warning) until the next run marks it interrupted and seals it', async () => {
    const store = Store.open(tempDbPath());
    const battery = await collect(store, [{ label: 'other', provider: stubProvider('other') }]); // stores the battery and seals run 1
    // a run killed with kill -9 after storing two answers: still "running", its process gone
    const killed = store.runs.start({ kind: 'live', toolVersion: 'test', batteryId: 1 });
    store.db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(2 ** 22 + 12345, killed);
    const modelId = store.models.ensure('live', 'live', 'stub:live');
    const prompts = store.db.prepare('SELECT id FROM prompts ORDER BY id LIMIT 2').pluck().all() as number[];
    for (const promptId of prompts)
      store.responses.saveLive({ runId: killed, modelId, promptId, sampleIndex: 0, text: `answer ${promptId}` });

    const before = verifyStore(store);
    expect(before.ok).toBe(true);
    expect(before.warnings).toEqual([
      expect.objectContaining({
        kind: 'unsealed',
        run: killed,
        answers: 2,
        message: expect.stringMatching(/not sealed yet: the run is still going, or was killed/),
      }),
    ]);

    const next = await collect(store, [{ label: 'live', provider: stubProvider('live') }]);
    expect(next.alreadyAnswered).toBe(2);
    const seals = store.seals.all().map((s) => parseSealContent(s.content));
    expect(seals.map((s) => [s.run.id, s.run.status, s.answers])).toEqual([
      [battery.runId, 'finished', 6],
      [killed, 'interrupted', 2],
      [next.runId, 'finished', 4],
    ]);
    const after = verifyStore(store);
    expect(after.problems).toEqual([]);
    expect(after.warnings).toEqual([]);
    store.close();
  });
});

/** A database as version 2 of the tool left it: WAL mode, the embeddings tables, no seals. */
function olderDatabase(): string {
  const path = tempDbPath();
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  raw.exec(MIGRATIONS[0]!);
  raw.exec(MIGRATIONS[1]!);
  raw.pragma('user_version = 2');
  const messages = [{ role: 'user' as const, content: 'question 0' }];
  raw.prepare(`INSERT INTO models (id, name, source, notes, created_at) VALUES (1, 'old', 'jsonl', 'a note', '2025-01-01')`).run();
  raw
    .prepare(`INSERT INTO prompts (id, sha256, messages, created_at) VALUES (1, ?, ?, '2025-01-01')`)
    .run(promptSha256(messages), canonicalMessages(messages));
  raw
    .prepare(
      `INSERT INTO runs (id, kind, status, started_at, tool_version, git_commit, config) VALUES (1, 'import', 'finished', '2025-01-01', '0.0.9', 'abc123', '{}')`,
    )
    .run();
  for (const [sample, text] of ['first', 'second'].entries()) {
    raw
      .prepare(
        `INSERT INTO responses (run_id, model_id, prompt_id, sample_index, text, text_sha256, created_at) VALUES (1, 1, 1, ?, ?, ?, '2025-01-01')`,
      )
      .run(sample, text, sha(text));
  }
  raw.prepare(`INSERT INTO embedders (id, kind, dimension, version, created_at) VALUES ('style@1', 'style', 4, '1', '2025-01-01')`).run();
  raw
    .prepare(`INSERT INTO embeddings (text_sha256, embedder_id, dimension, vector) VALUES (?, 'style@1', 4, ?)`)
    .run(sha('first'), Buffer.alloc(16));
  raw.close();
  return path;
}

describe('an older database (schema 2, WAL, unsealed)', () => {
  it('opens read-only: verify reports its answers as unsealed, not tampered, exits 0 and leaves the folder as it was', async () => {
    const path = olderDatabase();
    const listing = readdirSync(dirname(path));
    expect(listing).toEqual(['fingerprint.db']);
    const before = sha(readFileSync(path));

    const result = await runCli(['--db', path, 'verify']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'warning: run 1 (import, finished): 2 answers unsealed: this store holds no seals (written before seals existed)',
    );
    expect(result.stdout).toMatch(/ok, with a warning: 2 answers in 1 run not sealed/);
    const json = JSON.parse((await runCli(['--db', path, 'verify', '--json'])).stdout);
    expect(json).toMatchObject({
      ok: true,
      schemaVersion: 2,
      seals: { count: 0, head: null },
      unsealed: { answers: 2, runs: [1] },
      problems: [],
    });
    expect(JSON.parse((await runCli(['--db', path, 'models', '--json'])).stdout)).toEqual([{ name: 'old', responses: 2, source: 'jsonl' }]);

    expect(sha(readFileSync(path))).toBe(before);
    expect(readdirSync(dirname(path))).toEqual(listing);
  });

  it('still reports an edited answer in an unsealed store', async () => {
    const path = olderDatabase();
    const raw = new Database(path);
    raw.prepare(`UPDATE responses SET text = 'edited' WHERE text = 'first'`).run();
    raw.close();
    const result = await runCli(['--db', path, 'verify']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /integrity check failed: old's answer to prompt [0-9a-f]{12}, sample 0, run 1: edited: its text does not match its sha256$/,
    );
  });

  it('migrates when a writing command opens it: answers kept, the unused tables and columns dropped, later runs sealed', () => {
    const path = olderDatabase();
    const store = Store.open(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect([...store.responses.answersOf('old')].map((a) => [a.sample, a.response])).toEqual([
      [0, 'first'],
      [1, 'second'],
    ]);
    const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['batteries', 'models', 'probes', 'prompts', 'responses', 'runs', 'seals']);
    const columns = (table: string) =>
      (store.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns('runs')).not.toContain('git_commit');
    expect(columns('models')).not.toContain('notes');

    importTranscripts(store, [transcript(['new'])], { format: 'jsonl' });
    const first = parseSealContent(store.seals.all()[0]!.content);
    expect(first.legacyRuns).toEqual([1]);
    const report = verifyStore(store);
    expect(report).toMatchObject({ ok: true, seals: { count: 1, sealedAnswers: 3 }, unsealed: { answers: 2, runs: [1] } });
    expect(report.warnings[0]!.message).toMatch(
      /^run 1 \(import, finished\): 2 answers unsealed: the run ended before this store's first seal$/,
    );
    store.close();
    expect(readdirSync(dirname(path))).toEqual(['fingerprint.db']);
  });
});
