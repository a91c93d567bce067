import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { exportStore, modelDigests, verifyStore } from '../src/evidence/index.js';
import { canonicalSealContent, manifestText, parseManifest, parseSealContent, sealHash } from '../src/seal/index.js';
import { runCli } from './helpers/cli.js';
import { batteryHash } from '../src/probes/index.js';
import { tempDbPath, writeTemp } from './helpers/temp.js';
import { sealedStore, transcript } from './helpers/evidence-store.js';

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const FORGED = sha('forged');

/** Tampering as an expert with the sqlite3 shell would do it: a plain connection, foreign keys off. */
function tamper(path: string, edit: string | ((db: Database.Database) => void)): void {
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  if (typeof edit === 'string') db.exec(edit);
  else edit(db);
  db.close();
}

/**
 * Every seal rebuilt from the rows as they are now — manifest, content and hash — as the tool would make
 * them (format 2), or as an earlier version did (format 1: four fields a manifest line, no records).
 */
function rebuildSeals(path: string, format: 'llm-fingerprint-seal/1' | 'llm-fingerprint-seal/2'): void {
  const store = Store.open(path);
  let previous = store.seals.all()[0]!.previousHash;
  for (const seal of store.seals.all()) {
    const answers = store.seals.sealableAnswers(seal.runId);
    const manifest = manifestText(format === 'llm-fingerprint-seal/1' ? answers.map(({ record: _, ...a }) => a) : answers);
    const content = canonicalSealContent({ ...parseSealContent(seal.content), format, manifestSha256: sha(manifest) });
    const hash = sealHash(previous, content);
    store.db
      .prepare('UPDATE seals SET previous_hash = ?, hash = ?, content = ?, manifest = ? WHERE sequence = ?')
      .run(previous, hash, content, manifest, seal.sequence);
    previous = hash;
  }
  store.close();
}

/**
 * A second battery with the first one's probe keys and prompts, some field changed, its hash computed as
 * the tool computes it (so the battery itself verifies), and the live answers re-pointed to its probes.
 */
function repointToForgedBattery(db: Database.Database, change: { category?: string; params?: string }): void {
  const battery = db.prepare('SELECT id, name, version FROM batteries').get() as { id: number; name: string; version: string };
  const rows = db
    .prepare(
      `SELECT pr.id, pr.key, pr.category, pr.prompt_id AS promptId, pr.params, pr.samples, pr.language, p.messages
       FROM probes pr JOIN prompts p ON p.id = pr.prompt_id WHERE pr.battery_id = ? ORDER BY pr.key`,
    )
    .all(battery.id) as Array<{
    id: number;
    key: string;
    category: string;
    promptId: number;
    params: string;
    samples: number;
    language: string | null;
    messages: string;
  }>;
  const forged = rows.map((r) => ({ ...r, category: change.category ?? r.category, params: change.params ?? r.params }));
  const version = `${battery.version}-fork`;
  const probes = forged.map((r) => ({
    id: r.key,
    category: r.category,
    messages: JSON.parse(r.messages),
    params: JSON.parse(r.params),
    samples: r.samples,
    language: r.language ?? 'und',
  }));
  const id = db
    .prepare(`INSERT INTO batteries (hash, name, version, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z')`)
    .run(batteryHash(battery.name, version, probes), battery.name, version).lastInsertRowid;
  for (const r of forged) {
    const copy = db
      .prepare('INSERT INTO probes (battery_id, key, category, prompt_id, params, samples, language) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, r.key, r.category, r.promptId, r.params, r.samples, r.language).lastInsertRowid;
    db.prepare('UPDATE responses SET probe_id = ? WHERE probe_id = ?').run(copy, r.id);
  }
}

/**
 * The newest seal (3) rebuilt with its manifest stripped of the answers' records, its content (in the
 * given format, else its own) and hash recomputed: the last link, so the chain stays whole.
 */
function stripNewestSealRecords(db: Database.Database, format?: 'llm-fingerprint-seal/1'): void {
  const seal = db.prepare('SELECT previous_hash AS previous, content, manifest FROM seals WHERE sequence = 3').get() as {
    previous: string;
    content: string;
    manifest: string;
  };
  const manifest = manifestText(parseManifest(seal.manifest).map(({ record: _, ...a }) => a));
  const content = canonicalSealContent({ ...parseSealContent(seal.content), ...(format ? { format } : {}), manifestSha256: sha(manifest) });
  db.prepare('UPDATE seals SET content = ?, manifest = ?, hash = ? WHERE sequence = 3').run(
    content,
    manifest,
    sealHash(seal.previous, content),
  );
}

/** Answer slots as verify names them: model's answer to prompt <12 hex> (probe qN), sample S, run R. */
const answer = (model: string, probe: string, sample: number, run: number) =>
  `${model}'s answer to prompt [0-9a-f]{12} \\(probe ${probe}\\), sample ${sample}, run ${run}`;

// The sealed store (see helpers/evidence-store.ts): run 1 imports a and b, run 2 collects "live" over
// probes q0-q2 (two samples each), run 3 imports c; seals 1-3 in that order.
const CASES: Array<[string, string | ((db: Database.Database) => void), RegExp]> = [
  [
    'an edited answer',
    `UPDATE responses SET text = text || ' x' WHERE text = 'b says 1'`,
    new RegExp(`^${answer('b', 'q1', 0, 1)}: edited: its text does not match its sha256$`),
  ],
  [
    'an edited answer whose sha256 was rewritten too',
    `UPDATE responses SET text = 'forged', text_sha256 = '${FORGED}' WHERE text = 'b says 1'`,
    new RegExp(`^${answer('b', 'q1', 0, 1)}: edited after sealing: its text and sha256 differ from those in seal 1$`),
  ],
  [
    'an edited live answer whose sha256 was rewritten too',
    `UPDATE responses SET text = 'forged', text_sha256 = '${FORGED}' WHERE text = 'live on question 2 #1'`,
    new RegExp(`^${answer('live', 'q2', 1, 2)}: edited after sealing`),
  ],
  [
    'a deleted answer',
    `DELETE FROM responses WHERE text = 'b says 1'`,
    new RegExp(`^${answer('b', 'q1', 0, 1)}: deleted after sealing \\(seal 1 lists it\\)$`),
  ],
  [
    'an answer turned into a failure',
    `UPDATE responses SET error = 'timeout' WHERE text = 'b says 1'`,
    new RegExp(`^${answer('b', 'q1', 0, 1)}: made unusable after sealing`),
  ],
  [
    'an answer added to a sealed run',
    `INSERT INTO responses (run_id, model_id, prompt_id, sample_index, text, text_sha256, created_at)
     SELECT run_id, model_id, prompt_id, 1, 'forged', '${FORGED}', created_at FROM responses WHERE text = 'b says 1'`,
    new RegExp(`^${answer('b', 'q1', 1, 1)}: added after sealing: seal 1 of run 1 does not list it$`),
  ],
  [
    'answers added in a forged run',
    `INSERT INTO runs (id, kind, status, started_at, finished_at, tool_version, config) VALUES (9, 'import', 'finished', '2026-01-01', '2026-01-01', '0.1.0', '{}');
     INSERT INTO responses (run_id, model_id, prompt_id, sample_index, text, text_sha256, created_at)
     SELECT 9, model_id, prompt_id, 5, 'forged', '${FORGED}', created_at FROM responses WHERE text = 'b says 1'`,
    /^run 9 \(import, finished\) has no seal: its seal was removed, or it was written outside llm-fingerprint \(1 answer\)$/,
  ],
  [
    'an answer moved to another run',
    `UPDATE responses SET run_id = 3 WHERE text = 'b says 1'`,
    new RegExp(`^${answer('b', 'q1', 0, 3)}: moved after sealing: seal 1 has it in run 1$`),
  ],
  [
    'malformed JSON in prompts.messages',
    `UPDATE prompts SET messages = '[{' WHERE messages LIKE '%question 1%'`,
    /^prompt [0-9a-f]{12}: its messages text is not valid JSON$/,
  ],
  [
    'malformed JSON in probes.params',
    `UPDATE probes SET params = '{oops' WHERE key = 'q0'`,
    /^battery tiny v1, probe q0: its params text is not valid JSON$/,
  ],
  ['malformed JSON in runs.config', `UPDATE runs SET config = 'nope' WHERE id = 1`, /^run 1: its configuration is not valid JSON$/],
  [
    'malformed JSON in responses.request',
    `UPDATE responses SET request = '{' WHERE text = 'live on question 0 #0'`,
    new RegExp(`^${answer('live', 'q0', 0, 2)}: its request is not valid JSON$`),
  ],
  [
    'malformed JSON in responses.usage',
    `UPDATE responses SET usage = 'tokens: 3' WHERE text = 'live on question 0 #0'`,
    new RegExp(`^${answer('live', 'q0', 0, 2)}: its usage is not valid JSON$`),
  ],
  [
    'a prompt whose messages were rewritten',
    `UPDATE prompts SET messages = '[{"role":"user","content":"question 9"}]' WHERE messages LIKE '%question 1%'`,
    /^prompt [0-9a-f]{12}: its messages do not match their sha256$/,
  ],
  [
    'a run edited after sealing',
    `UPDATE runs SET source_sha256 = '${'0'.repeat(64)}' WHERE id = 3`,
    /^run 3 was edited after it was sealed: its source sha256 changed/,
  ],
  [
    'an edited seal',
    `UPDATE seals SET content = replace(content, '"status":"finished"', '"status":"failed"') WHERE sequence = 2`,
    /^seal 2 was edited: its content does not match its hash$/,
  ],
  [
    'an edited seal with its hash recomputed',
    (db) => {
      const row = db.prepare('SELECT previous_hash AS previous, content FROM seals WHERE sequence = 2').get() as {
        previous: string;
        content: string;
      };
      const content = row.content.replace('"status":"finished"', '"status":"failed"');
      db.prepare('UPDATE seals SET content = ?, hash = ? WHERE sequence = 2').run(content, sealHash(row.previous, content));
    },
    /^the seal chain is broken at seal 3: it does not point to seal 2's hash$/,
  ],
  [
    'a seal removed from the middle of the chain',
    'DELETE FROM seals WHERE sequence = 2',
    /^the seal chain is broken: seal 3 comes where seal 2 should/,
  ],
  ['the newest seal removed', 'DELETE FROM seals WHERE sequence = 3', /^run 3 \(import, finished\) has no seal: its seal was removed/],
  [
    "a sealed answer's finish reason set after sealing",
    `UPDATE responses SET finish_reason = 'length' WHERE text = 'b says 1'`,
    new RegExp(`^${answer('b', 'q1', 0, 1)}: edited after sealing: what was recorded with it .* differs from seal 1$`),
  ],
  [
    "a live answer's times and usage rewritten",
    `UPDATE responses SET created_at = '2020-01-01T00:00:00.000Z', usage = '{"inputTokens":1}' WHERE run_id = 2 AND sample_index = 1`,
    /^[a-z]+'s answer to prompt [0-9a-f]{12} \(probe q\d\), sample 1, run 2: edited after sealing: what was recorded with it/,
  ],
  [
    "a live answer's probe unlinked (its category no longer read from the battery)",
    `UPDATE responses SET probe_id = NULL WHERE run_id = 2`,
    /^[a-z]+'s answer to prompt [0-9a-f]{12} \(probe q\d\), sample \d, run 2: edited after sealing: what was recorded with it/,
  ],
  [
    "live answers re-pointed to a forged battery's probes (same keys, another category, a hash that matches)",
    (db) => repointToForgedBattery(db, { category: 'small-talk' }),
    /^[a-z]+'s answer to prompt [0-9a-f]{12} \(probe q\d\), sample \d, run 2: asked by a probe of another battery than its run's$/,
  ],
  [
    "live answers re-pointed to a forged battery's probes with the same categories (other params)",
    (db) => repointToForgedBattery(db, { params: '{"temperature":1.9}' }),
    /^[a-z]+'s answer to prompt [0-9a-f]{12} \(probe q\d\), sample \d, run 2: asked by a probe of another battery than its run's$/,
  ],
  [
    "a prompt's category changed",
    `UPDATE prompts SET category = 'identity'`,
    /: edited after sealing: what was recorded with it \(its category or its prompt's/,
  ],
  [
    'the newest seal rewritten as format 1, which leaves what was recorded with its answers unsealed',
    (db) => stripNewestSealRecords(db, 'llm-fingerprint-seal/1'),
    /^seal 3 \(run 3\): a seal of format 1 after seal 1 of format 2: what was recorded with its answers is not sealed$/,
  ],
  [
    'the newest seal left as format 2 but its manifest stripped of records, every hash recomputed',
    (db) => stripNewestSealRecords(db),
    /^seal 3 \(run 3\): its manifest's lines do not have the fields a seal of llm-fingerprint-seal\/2 lists$/,
  ],
  [
    'a row with a text sha256 but no text and no error, which scoring would read and no seal covers',
    `INSERT INTO responses (run_id, model_id, prompt_id, sample_index, text, text_sha256, category, created_at)
     SELECT run_id, model_id, prompt_id, 7, NULL, text_sha256, 'aaa', created_at FROM responses WHERE text = 'b says 1'`,
    new RegExp(`^${answer('b', 'q1', 7, 1)}: a row without text that is not a failed attempt \\(no error\\)$`),
  ],
  [
    'an edited manifest',
    `UPDATE seals SET manifest = replace(manifest, '"b"', '"z"') WHERE sequence = 1`,
    /^seal 1 \(run 1\): its manifest was edited: it does not match the sha256 in the seal$/,
  ],
];

describe('verify', () => {
  let base: string;
  beforeAll(async () => {
    base = tempDbPath();
    (await sealedStore(base)).close();
  });
  const copy = () => {
    const path = tempDbPath();
    copyFileSync(base, path);
    return path;
  };

  it('passes on an untouched store: answers, prompts, the battery, three seals', () => {
    const store = Store.open(copy(), { readonly: true });
    const report = verifyStore(store);
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      checked: { responses: 6 + 6 + 3, prompts: 3, batteries: 1, runs: 3, seals: 3 },
      seals: { count: 3, sealedAnswers: 15 },
      unsealed: { answers: 0, runs: [] },
    });
    expect(report.seals.head).toMatch(/^[0-9a-f]{64}$/);
    store.close();
  });

  describe('finds each kind of tampering, names it, and never crashes (library)', () => {
    for (const [name, edit, message] of CASES) {
      it(name, () => {
        const path = copy();
        tamper(path, edit);
        const store = Store.open(path, { readonly: true });
        const report = verifyStore(store);
        store.close();
        expect(report.ok).toBe(false);
        expect(report.problems[0]!.message).toMatch(message);
      });
    }
  });

  describe('from the CLI: exit 1, one line on stderr giving the reason, the file unchanged and nothing beside it', () => {
    for (const [name, edit, message] of CASES) {
      it(name, async () => {
        const path = copy();
        tamper(path, edit);
        const before = sha(readFileSync(path));
        const result = await runCli(['--db', path, 'verify']);
        expect(result.status).toBe(1);
        const lines = result.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^llm-fingerprint: integrity check failed: /);
        expect(lines[0]!.replace(/^llm-fingerprint: integrity check failed: /, '').replace(/ \(and \d+ more problems?\)$/, '')).toMatch(
          message,
        );
        expect(result.stdout).toContain('problem: ');
        expect(sha(readFileSync(path))).toBe(before);
        expect(readdirSync(dirname(path))).toEqual(['fingerprint.db']);
      });
    }
  });

  it('--json prints the whole report to stdout and still exits 1 with one line', async () => {
    const path = copy();
    tamper(path, `DELETE FROM responses WHERE text = 'b says 1'`);
    const result = await runCli(['--db', path, 'verify', '--json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, problemCount: 1, seals: { count: 3 } });
    expect(report.problems[0]).toMatchObject({ kind: 'response', answer: { model: 'b', probe: 'q1', sample: 0, run: 1 } });
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints ok with the counts when nothing is wrong', async () => {
    const result = await runCli(['--db', copy(), 'verify']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^checked 15 answers, 3 prompts, 1 battery, 3 runs; 3 seals covering 15 answers\nseal chain head: 3:[0-9a-f]{64} /,
    );
    expect(result.stdout).toMatch(/ok: every hash matches its content and every sealed answer is as it was sealed\n$/);
  });

  it('digests exactly the answers a score uses, independent of insertion order', () => {
    const first = Store.open(tempDbPath());
    importTranscripts(first, [transcript(['a'])], { format: 'jsonl' });
    const [a] = modelDigests(first, ['a']);
    expect(a).toMatchObject({ model: 'a', responses: 3 });
    const second = Store.open(tempDbPath());
    const reversed = [2, 1, 0].map((p) => JSON.stringify({ model: 'a', prompt: `question ${p}`, response: `a says ${p}` }));
    importTranscripts(second, [writeTemp('r.jsonl', reversed.join('\n'))], { format: 'jsonl' });
    expect(modelDigests(second, ['a'])[0]!.sha256).toBe(a!.sha256);
    second.db.prepare("UPDATE responses SET text = 'a says 9', text_sha256 = ? WHERE text = 'a says 2'").run('0'.repeat(64));
    expect(modelDigests(second, ['a'])[0]!.sha256).not.toBe(a!.sha256);
    first.close();
    second.close();
  });
});

describe('verify --report', () => {
  let db: string;
  let reportFile: string;
  beforeAll(async () => {
    db = tempDbPath();
    (await sealedStore(db)).close();
    const out = join(dirname(db), 'report.json');
    const made = await runCli(['--db', db, 'report', 'a', 'b', '--format', 'json', '--out', out, '--embedder', 'style']);
    expect(made.status, made.stderr).toBe(0);
    reportFile = out;
  });

  it("the report carries every model's digest and the seal chain head", () => {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.digests.map((d: { model: string }) => d.model)).toEqual(['a', 'b', 'c', 'live']);
    expect(report.seals).toEqual({ head: expect.stringMatching(/^[0-9a-f]{64}$/), count: 3 });
  });

  it('passes on the store the report was made from, and still after more runs are sealed', async () => {
    const path = tempDbPath();
    copyFileSync(db, path);
    expect((await runCli(['--db', path, 'verify', '--report', reportFile])).status).toBe(0);
    const more = await runCli(['--db', path, 'import', transcript(['d']), '--format', 'jsonl']);
    expect(more.status).toBe(0);
    const result = await runCli(['--db', path, 'verify', '--report', reportFile]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/the answers match the report's digests and its seal head is in the chain/);
  });

  it('fails naming the model whose answers differ from the report, even where the store itself is sound', async () => {
    const path = tempDbPath();
    copyFileSync(db, path);
    const extra = writeTemp('more-b.jsonl', JSON.stringify({ model: 'b', prompt: 'question 7', response: 'b says 7' }));
    expect((await runCli(['--db', path, 'import', extra, '--format', 'jsonl'])).status).toBe(0);
    const result = await runCli(['--db', path, 'verify', '--report', reportFile]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^llm-fingerprint: integrity check failed: model b: its answers do not match the report's digest \(report: 3 answers, [0-9a-f]{12}; store: 4 answers, [0-9a-f]{12}\)$/,
    );
  });

  it("fails when the store's chain does not hold the report's seal head (the same answers, collected again)", async () => {
    const other = tempDbPath();
    (await sealedStore(other)).close(); // same answers, other times: other seals
    const result = await runCli(['--db', other, 'verify', '--report', reportFile]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^llm-fingerprint: integrity check failed: the store's seal chain does not hold the report's head \(seal 3, [0-9a-f]{12}\): it holds another seal there$/,
    );
  });

  it('refuses a file that is not a JSON report, with one line', async () => {
    const result = await runCli(['--db', db, 'verify', '--report', writeTemp('x.json', '{"hello": 1}')]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/x\.json: not a JSON evidence report: digests: /);
  });
});

describe('verify --head', () => {
  /**
   * The forgery the chain alone cannot show (it has no key): an answer edited with its sha256, then every
   * seal from its run on rebuilt — manifest, content and hash — exactly as the tool would have made them.
   */
  function forgeAndReseal(path: string): void {
    tamper(path, `UPDATE responses SET text = 'forged', text_sha256 = '${FORGED}' WHERE text = 'b says 1'`);
    rebuildSeals(path, 'llm-fingerprint-seal/2');
  }

  it('prints the head to keep; a store rebuilt after an edit passes alone but fails against the kept head', async () => {
    const path = tempDbPath();
    (await sealedStore(path)).close();
    const before = await runCli(['--db', path, 'verify']);
    expect(before.status, before.stderr).toBe(0);
    const head = /^seal chain head: (3:[0-9a-f]{64}) \(keep or publish it/m.exec(before.stdout)?.[1];
    expect(head).toBeDefined();
    const same = await runCli(['--db', path, 'verify', '--head', head!]);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/; the chain still holds seal 3 as given\n$/);

    forgeAndReseal(path);
    const alone = await runCli(['--db', path, 'verify']);
    expect(alone.status, alone.stderr).toBe(0); // the documented limit: nothing inside the file shows it
    const anchored = await runCli(['--db', path, 'verify', '--head', head!]);
    expect(anchored.status).toBe(1);
    expect(anchored.stderr.trim()).toMatch(
      /^llm-fingerprint: integrity check failed: the store's seal chain does not hold the given head \(seal 3, [0-9a-f]{12}\): it holds another seal there$/,
    );
  });

  it('refuses a head that is not SEQUENCE:HASH, with one line', async () => {
    const path = tempDbPath();
    (await sealedStore(path)).close();
    for (const bad of ['3f2a', '0:' + '0'.repeat(64), 'x:' + '0'.repeat(64), '3:' + 'A'.repeat(64)]) {
      const result = await runCli(['--db', path, 'verify', '--head', bad]);
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('--head takes SEQUENCE:HASH as verify prints it')]);
    }
  });
});

describe('seals of format 1 (before answer records were sealed)', () => {
  it('still verify, export and import; an edited text is still found, recorded details are not covered', async () => {
    const path = tempDbPath();
    (await sealedStore(path)).close();
    rebuildSeals(path, 'llm-fingerprint-seal/1');
    const store = Store.open(path, { readonly: true });
    expect(verifyStore(store)).toMatchObject({ ok: true, problemCount: 0 });
    const rebuilt = Store.open(tempDbPath());
    const file = writeTemp('v1.jsonl', [...exportStore(store)].map((l) => JSON.stringify(l)).join('\n'));
    importTranscripts(rebuilt, [file], { format: 'jsonl' });
    expect(verifyStore(rebuilt).ok).toBe(true);
    rebuilt.close();
    store.close();
    const verified = () => {
      const reader = Store.open(path, { readonly: true });
      const report = verifyStore(reader);
      reader.close();
      return report;
    };
    tamper(path, `UPDATE responses SET finish_reason = 'length' WHERE text = 'b says 1'`);
    expect(verified().ok).toBe(true);
    tamper(path, `UPDATE responses SET text = 'forged', text_sha256 = '${FORGED}' WHERE text = 'b says 1'`);
    expect(verified().problems[0]!.message).toMatch(/edited after sealing: its text and sha256 differ/);
  });
});

describe('verify --strict', () => {
  it('fails on answers no seal covers: rows added by hand under a run marked as still running', async () => {
    const path = tempDbPath();
    (await sealedStore(path)).close();
    tamper(path, (db) => {
      const run = db
        .prepare(
          `INSERT INTO runs (kind, status, started_at, tool_version, config) VALUES ('live', 'running', '2026-01-01T00:00:00.000Z', 'x', '{}')`,
        )
        .run().lastInsertRowid;
      const model = db
        .prepare(`INSERT INTO models (name, source, created_at) VALUES ('injected', 'live', '2026-01-01T00:00:00.000Z')`)
        .run().lastInsertRowid;
      const prompt = db.prepare('SELECT id FROM prompts ORDER BY id LIMIT 1').pluck().get();
      db.prepare(
        `INSERT INTO responses (run_id, model_id, prompt_id, sample_index, text, text_sha256, created_at) VALUES (?, ?, ?, 0, 'forged', ?, '2026-01-01T00:00:00.000Z')`,
      ).run(run, model, prompt, FORGED);
    });
    const lenient = await runCli(['--db', path, 'verify']);
    expect(lenient.status, lenient.stderr).toBe(0);
    expect(lenient.stdout).toMatch(/warning: run 4 \(live, running\): 1 answer not sealed yet/);
    const strict = await runCli(['--db', path, 'verify', '--strict']);
    expect(strict.status).toBe(1);
    expect(strict.stderr.trim()).toMatch(
      /^llm-fingerprint: integrity check failed: run 4 \(live, running\): 1 answer not sealed yet: .* \(--strict: unsealed answers fail the check\)$/,
    );
  });

  it('passes a store whose every answer is sealed', async () => {
    const path = tempDbPath();
    (await sealedStore(path)).close();
    const result = await runCli(['--db', path, 'verify', '--strict']);
    expect(result.status, result.stderr).toBe(0);
  });

  it("a report says which runs behind the pair's answers are not sealed, or that all are", async () => {
    const path = tempDbPath();
    (await sealedStore(path)).close();
    const report = () => runCli(['--db', path, 'report', 'a', 'b', '--embedder', 'style']);
    const sealed = await report();
    expect(sealed.status, sealed.stderr).toBe(0);
    expect(sealed.stdout).toContain("Every run behind a's and b's answers is sealed");
    tamper(path, (db) => {
      const run = db
        .prepare(
          `INSERT INTO runs (kind, status, started_at, tool_version, config) VALUES ('live', 'running', '2026-01-01T00:00:00.000Z', 'x', '{}')`,
        )
        .run().lastInsertRowid;
      const [model, prompt] = db.prepare(`SELECT model_id, prompt_id FROM responses WHERE text = 'b says 1'`).raw().get() as [
        number,
        number,
      ];
      db.prepare(
        `INSERT INTO responses (run_id, model_id, prompt_id, sample_index, text, text_sha256, created_at) VALUES (?, ?, ?, 7, 'forged', ?, '2026-01-01T00:00:00.000Z')`,
      ).run(run, model, prompt, FORGED);
    });
    const unsealed = await report();
    expect(unsealed.status, unsealed.stderr).toBe(0);
    expect(unsealed.stdout).toContain(
      'Not sealed: run 4 (a live run still going or stopped before its end, or a file older than seals). 1 of the answers',
    );
    expect(unsealed.stdout).toMatch(/\| 4 \| live \| running \|.*\| 1 \| not sealed \|/);
  });
});
