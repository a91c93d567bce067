import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Store } from '../src/store/index.js';
import { importTranscripts, readTranscripts } from '../src/import/index.js';
import { exportAnswers, exportStore, modelDigests, verifyStore } from '../src/evidence/index.js';
import { sealedStore } from './helpers/evidence-store.js';
import { canonicalSealContent, manifestText, sealHash } from '../src/seal/index.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath, tempDir, writeTemp } from './helpers/temp.js';

function store(): { store: Store; path: string } {
  const path = tempDbPath();
  const s = Store.open(path);
  const lines = [
    { model: 'a', prompt: 'Pick a number', response: '7', category: 'low-entropy', sample: 0 },
    { model: 'a', prompt: 'Pick a number', response: '42', category: 'low-entropy', sample: 2 }, // sample 1 failed
    {
      model: 'a',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      response: 'Hello.',
    },
    { model: 'b', prompt: 'Pick a number', response: '3' },
  ];
  importTranscripts(s, [writeTemp('t.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'))], { format: 'jsonl' });
  return { store: s, path };
}

describe('export', () => {
  it('writes every answer with its hashes, sample and run, and re-imports to the same digests', () => {
    const { store: original } = store();
    const answers = [...exportAnswers(original)];
    expect(answers).toHaveLength(4);
    expect(
      answers
        .filter((a) => a.model === 'a')
        .map((a) => a.sample)
        .sort(),
    ).toEqual([0, 0, 2]);
    expect(answers[0]).toMatchObject({ run: { kind: 'import' } });
    expect(answers.every((a) => /^[0-9a-f]{64}$/.test(a.sha256) && /^[0-9a-f]{64}$/.test(a.prompt_sha256))).toBe(true);

    const copy = Store.open(tempDbPath());
    const file = writeTemp('export.jsonl', [...exportStore(original)].map((l) => JSON.stringify(l)).join('\n'));
    importTranscripts(copy, [file], { format: 'jsonl' });
    expect(modelDigests(copy, ['a', 'b'])).toEqual(modelDigests(original, ['a', 'b']));
    expect(copy.db.prepare('SELECT category FROM prompts ORDER BY sha256').pluck().all()).toEqual(
      original.db.prepare('SELECT category FROM prompts ORDER BY sha256').pluck().all(),
    );
    original.close();
    copy.close();
  });

  it('exports from the CLI to stdout or a file, one model at a time, and names an unknown model', async () => {
    const { store: s, path } = store();
    s.close();
    const onlyB = await runCli(['--db', path, 'export', '--models', 'b']);
    expect(onlyB.status).toBe(0);
    expect(
      onlyB.stdout
        .trim()
        .split('\n')
        .map((l) => Object.keys(JSON.parse(l))[0]),
    ).toEqual(['model', 'seal', 'end']);
    const out = join(tempDir(), 'answers.jsonl');
    const toFile = await runCli(['--db', path, 'export', '--out', out]);
    expect(toFile.stderr).toContain(`wrote 4 answers and 1 seal to ${out}`);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(6);
    const unknown = await runCli(['--db', path, 'export', '--models', 'nobody', '--out', join(tempDir(), 'x.jsonl')]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('llm-fingerprint: unknown model "nobody"');
    const missingDir = join(tempDir(), 'no', 'such', 'dir.jsonl');
    expect((await runCli(['--db', path, 'export', '--out', missingDir])).status).toBe(1);
    expect(existsSync(missingDir)).toBe(false);
  });
});

describe('export and import carry the proof', () => {
  // A sealed store (chain of 3: see helpers/evidence-store.ts) and its export as the CLI writes it, made once.
  let base: { path: string; lines: string[] };
  beforeAll(async () => {
    const path = tempDbPath();
    (await sealedStore(path)).close();
    const result = await runCli(['--db', path, 'export']);
    expect(result.status, result.stderr).toBe(0);
    base = { path, lines: result.stdout.trim().split('\n') };
  });
  /** A copy of the sealed store and its export lines, free to edit. */
  async function exported(): Promise<{ path: string; lines: string[] }> {
    const path = tempDbPath();
    copyFileSync(base.path, path);
    return { path, lines: [...base.lines] };
  }
  const lineOf = (lines: string[], find: (o: Record<string, unknown>) => boolean) => lines.findIndex((l) => find(JSON.parse(l)));
  const importLines = (lines: string[], options: { allowUnsealed?: boolean } = {}) => {
    const store = Store.open(tempDbPath());
    try {
      const file = writeTemp('e.jsonl', lines.join('\n') + '\n');
      return { store, result: importTranscripts(store, [file], { format: 'jsonl', ...options }) };
    } catch (error) {
      store.close();
      throw error;
    }
  };

  it('writes the seals after the answers, and a round trip gives identical digests and a sound store', async () => {
    const { path, lines } = await exported();
    const answers = lines.filter((l) => !l.startsWith('{"seal"') && !l.startsWith('{"end"'));
    const seals = lines.slice(answers.length, -1).map((l) => JSON.parse(l).seal);
    expect(JSON.parse(lines.at(-1)!)).toEqual({ end: { format: 'llm-fingerprint-export/1', answers: 15, seals: 3 } });
    expect(answers).toHaveLength(15);
    expect(seals.map((s: { sequence: number }) => s.sequence)).toEqual([1, 2, 3]);
    expect(seals[0]).toMatchObject({ previous_hash: '0'.repeat(64), content: { sequence: 1, answers: 6 } });
    expect(seals[0].manifest).toHaveLength(6);

    const original = Store.open(path, { readonly: true });
    const { store: copy, result } = importLines(lines);
    expect(result[0]).toMatchObject({ added: 15, conflicts: 0 });
    const models = ['a', 'b', 'c', 'live'];
    expect(modelDigests(copy, models)).toEqual(modelDigests(original, models));
    // the import run records the chain it checked; the copy has a chain of its own
    const config = JSON.parse(copy.db.prepare('SELECT config FROM runs').pluck().get() as string);
    expect(config.exportSeals).toEqual({ count: 3, head: seals[2].hash, hashes: seals.map((s: { hash: string }) => s.hash) });
    expect(verifyStore(copy)).toMatchObject({ ok: true, seals: { count: 1, sealedAnswers: 15 } });
    original.close();
    copy.close();
  });

  it('a plain transcript without hashes or seals still imports', () => {
    const { result, store } = importLines([JSON.stringify({ model: 'm', prompt: 'p', response: 'r' })]);
    expect(result[0]!.added).toBe(1);
    store.close();
  });

  const REFUSALS: Array<[string, (lines: string[]) => void, RegExp]> = [
    [
      'one changed character in a response',
      (lines) => {
        const i = lineOf(lines, (o) => o.response === 'b says 1');
        lines[i] = lines[i]!.replace('b says 1', 'b says 7');
      },
      /e\.jsonl: line \d+: the response does not match its sha256$/,
    ],
    [
      'a changed response with its sha256 recomputed',
      (lines) => {
        const i = lineOf(lines, (o) => o.response === 'b says 1');
        const o = JSON.parse(lines[i]!);
        lines[i] = JSON.stringify({ ...o, response: 'b says 7', sha256: createHash('sha256').update('b says 7').digest('hex') });
      },
      /e\.jsonl: line \d+: this answer of run 1 differs from the one sealed in seal 1$/,
    ],
    [
      "an answer's recorded finish reason and times changed",
      (lines) => {
        const i = lineOf(lines, (o) => o.response === 'b says 1');
        lines[i] = JSON.stringify({ ...JSON.parse(lines[i]!), finish_reason: 'length', created_at: '2020-01-01T00:00:00.000Z' });
      },
      /e\.jsonl: line \d+: this answer of run 1: what was recorded with it \(.*\) differs from seal 1$/,
    ],
    [
      "an answer's recorded details removed",
      (lines) => {
        const i = lineOf(lines, (o) => o.response === 'b says 1');
        const { created_at: _c, prompt_category: _p, ...rest } = JSON.parse(lines[i]!);
        lines[i] = JSON.stringify(rest);
      },
      /e\.jsonl: line \d+: this answer of run 1 lacks what was recorded with it \(request, times, categories\), which its seal \(seal 1\) covers$/,
    ],
    [
      "a sealed run's answer relabelled as a live run still going",
      (lines) => {
        const i = lineOf(lines, (o) => o.response === 'b says 1');
        const o = JSON.parse(lines[i]!);
        lines[i] = JSON.stringify({ ...o, run: { ...o.run, kind: 'live', status: 'running' } });
      },
      /e\.jsonl: line \d+: this answer of run 1 says its run is live, running; its seal \(seal 1\) says import, finished$/,
    ],
    [
      'the newest seal rewritten as format 1 (its records dropped, every hash recomputed)',
      (lines) => {
        const i = lineOf(lines, (o) => (o.seal as { sequence?: number } | undefined)?.sequence === 3);
        const { seal } = JSON.parse(lines[i]!);
        const entries = (seal.manifest as Array<[string, string, number, string, string]>).map(([model, prompt, sample, text]) => ({
          model,
          prompt,
          sample,
          text,
        }));
        const content = {
          ...seal.content,
          format: 'llm-fingerprint-seal/1',
          manifestSha256: createHash('sha256').update(manifestText(entries)).digest('hex'),
        };
        const hash = sealHash(seal.previous_hash, canonicalSealContent(content));
        lines[i] = JSON.stringify({
          seal: { ...seal, content, hash, manifest: entries.map((e) => [e.model, e.prompt, e.sample, e.text]) },
        });
      },
      /line 18: seal 3: a seal of format 1 after seal 1 of format 2: what was recorded with its answers is not sealed$/,
    ],
    [
      'a changed prompt',
      (lines) => {
        const i = lineOf(lines, (o) => o.response === 'b says 1');
        lines[i] = lines[i]!.replace('"question 1"', '"question 7"');
      },
      /e\.jsonl: line \d+: the prompt does not match its prompt_sha256$/,
    ],
    [
      'a deleted answer',
      (lines) =>
        void lines.splice(
          lineOf(lines, (o) => o.response === 'b says 1'),
          1,
        ),
      /e\.jsonl: line \d+: seal 1 \(run 1\) lists b's answer to prompt [0-9a-f]{12}, sample 0, which the file lacks$/,
    ],
    [
      'an added answer',
      (lines) => {
        const o = JSON.parse(lines[lineOf(lines, (x) => x.response === 'b says 1')]!);
        lines.unshift(JSON.stringify({ ...o, sample: 4, response: 'extra', sha256: createHash('sha256').update('extra').digest('hex') }));
      },
      /e\.jsonl: line 1: this answer of run 1 is not in its seal \(seal 1\): it was added after sealing$/,
    ],
    [
      'an edited seal',
      (lines) => {
        const i = lineOf(lines, (o) => (o.seal as { sequence?: number } | undefined)?.sequence === 2);
        lines[i] = lines[i]!.replace('"status":"finished"', '"status":"failed"');
      },
      /e\.jsonl: line 17: seal 2 was edited: its content does not match its hash$/,
    ],
    [
      'a seal removed from the chain',
      (lines) =>
        void lines.splice(
          lineOf(lines, (o) => (o.seal as { sequence?: number } | undefined)?.sequence === 2),
          1,
        ),
      /line 17: the seal chain is broken: seal 3 comes where seal 2 should/,
    ],
    [
      'an edited manifest',
      (lines) => {
        const i = lineOf(lines, (o) => (o.seal as { sequence?: number } | undefined)?.sequence === 1);
        const o = JSON.parse(lines[i]!);
        o.seal.manifest.pop();
        lines[i] = JSON.stringify(o);
      },
      /line 16: seal 1: its manifest does not match the sha256 in the seal$/,
    ],
  ];
  /** The end line rewritten to count what the lines now hold, as someone editing the file would. */
  const recounted = (lines: string[]) => {
    const kinds = lines.slice(0, -1).map((l) => Object.keys(JSON.parse(l))[0]);
    const answers = kinds.filter((k) => k !== 'seal').length;
    lines[lines.length - 1] = JSON.stringify({ end: { format: 'llm-fingerprint-export/1', answers, seals: kinds.length - answers } });
    return lines;
  };
  for (const [name, edit, message] of REFUSALS) {
    it(`refuses ${name}, naming the file and line`, async () => {
      const { lines } = await exported();
      edit(lines);
      expect(() => importLines(recounted(lines))).toThrow(message);
    });
  }

  /** The last run's answers (model c, run 3: an import) edited with their sha256s recomputed. */
  const forgeLastRun = (lines: string[]) =>
    lines.map((l) => {
      const o = JSON.parse(l);
      if (o.model !== 'c') return l;
      const response = `${o.response} (edited)`;
      return JSON.stringify({ ...o, response, sha256: createHash('sha256').update(response).digest('hex') });
    });
  const withoutSeals = (lines: string[], keep: (seal: { sequence: number }) => boolean) =>
    lines.filter((l) => !l.startsWith('{"seal"') || keep(JSON.parse(l).seal));
  /** As an export before end lines: no end line, and runs without a status. */
  const previousVersion = (lines: string[]) =>
    lines.slice(0, -1).map((l) => {
      const o = JSON.parse(l);
      if (!o.run) return l;
      const { status: _, ...run } = o.run;
      return JSON.stringify({ ...o, run });
    });
  const answerCount = 15;

  const FILE_REFUSALS: Array<[string, (lines: string[]) => string[], RegExp]> = [
    [
      "the last run's answers edited and its seal dropped",
      (lines) => withoutSeals(forgeLastRun(lines), (s) => s.sequence !== 3),
      /e\.jsonl: line 18: the end line counts 15 answers and 3 seals, the file holds 15 and 2: lines were removed or added$/,
    ],
    [
      "the last run's answers edited, its seal dropped and the end line recounted",
      (lines) => recounted(withoutSeals(forgeLastRun(lines), (s) => s.sequence !== 3)),
      /e\.jsonl: line \d+: run 3 \(import, finished\) has no seal in the file: a run is sealed when it ends, and its seal line is missing$/,
    ],
    [
      "the last run's answers edited and its seal dropped, in an export of the previous version",
      (lines) => previousVersion(withoutSeals(forgeLastRun(lines), (s) => s.sequence !== 3)),
      /e\.jsonl: line \d+: run 3 \(import\) has no seal in the file: a run is sealed when it ends, and its seal line is missing$/,
    ],
    [
      'every seal dropped',
      (lines) => withoutSeals(lines, () => false),
      /line 16: the end line counts 15 answers and 3 seals, the file holds 15 and 0/,
    ],
    [
      'every seal dropped and the end line recounted',
      (lines) => recounted(withoutSeals(lines, () => false)),
      /e\.jsonl: line 16: an export without seals: its answers can be checked only against their own hashes, which anyone editing the file can rewrite \(--allow-unsealed imports it anyway\)$/,
    ],
    [
      'every seal dropped, in an export of the previous version',
      (lines) => previousVersion(withoutSeals(lines, () => false)),
      /e\.jsonl: line 1: an export answer, in a file with neither the seals nor the end line an export writes: truncated, or its seals were removed$/,
    ],
    [
      'an export cut short after its answers',
      (lines) => lines.slice(0, 10),
      /e\.jsonl: line 10: the export stops here, without the end line it closes with: the file is truncated$/,
    ],
    [
      'an export cut short in its seals',
      (lines) => lines.slice(0, answerCount + 2),
      /e\.jsonl: line 17: the export stops here, without the end line it closes with: the file is truncated$/,
    ],
    [
      'a line after the end line',
      (lines) => [...lines, JSON.stringify({ model: 'a', prompt: 'question 9', response: 'extra' })],
      /e\.jsonl: line 20: a line after the end line an export closes with$/,
    ],
    [
      'a plain answer slipped into an export',
      (lines) => recounted([JSON.stringify({ model: 'a', prompt: 'question 9', response: 'extra', sample: 0 }), ...lines]),
      /e\.jsonl: line 1: an answer without "sha256", "prompt_sha256", "run", in an export, which writes them beside every answer$/,
    ],
  ];
  for (const [name, edit, message] of FILE_REFUSALS) {
    it(`refuses ${name}, naming the file and line`, async () => {
      const { lines } = await exported();
      expect(() => importLines(edit(lines))).toThrow(message);
    });
  }

  it('imports an export without seals only with allowUnsealed, counting its answers as unsealed', async () => {
    const { lines } = await exported();
    const unsealed = recounted(withoutSeals(lines, () => false));
    const [read] = readTranscripts([writeTemp('e.jsonl', unsealed.join('\n'))], { format: 'jsonl', allowUnsealed: true });
    expect(read).toMatchObject({ unsealed: answerCount });
    expect(read!.chain).toBeUndefined();
    const { store, result } = importLines(unsealed, { allowUnsealed: true });
    expect(result[0]).toMatchObject({ added: answerCount });
    store.close();
  });

  it('still imports an export of the previous version (no end line) whose seals are whole', async () => {
    const { lines } = await exported();
    const { store, result } = importLines(previousVersion(lines));
    expect(result[0]).toMatchObject({ added: answerCount, conflicts: 0 });
    store.close();
  });

  it('imports the answers of a live run still going when exported, which has no seal yet, counting them as unsealed', async () => {
    const { path } = await exported();
    const store = Store.open(path);
    const runId = store.runs.start({ kind: 'live', toolVersion: 'test' });
    const modelId = store.models.ensure('late', 'test');
    const promptId = store.prompts.ensure([{ role: 'user', content: 'question 0' }]).id;
    store.responses.saveLive({ runId, modelId, promptId, sampleIndex: 0, text: 'late says 0' });
    const lines = [...exportStore(store)].map((l) => JSON.stringify(l));
    store.close();
    expect(JSON.parse(lines[lineOf(lines, (o) => o.model === 'late')]!).run).toMatchObject({ kind: 'live', status: 'running' });
    const [read] = readTranscripts([writeTemp('e.jsonl', lines.join('\n'))], { format: 'jsonl' });
    expect(read).toMatchObject({ unsealed: 1, chain: { count: 3 } });
    // the same answer claimed by a finished run without a seal is refused
    const finished = lines.map((l) => (l.includes('"late says 0"') ? l.replace('"status":"running"', '"status":"finished"') : l));
    expect(() => importLines(finished)).toThrow(/line \d+: run 4 \(live, finished\) has no seal in the file/);
  });

  it('from the CLI: a round trip verifies against the original report; one changed character is refused with one line and no file', async () => {
    const { path, lines } = await exported();
    const dir = tempDir();
    const report = join(dir, 'report.json');
    expect((await runCli(['--db', path, 'report', 'a', 'b', '--format', 'json', '--out', report, '--embedder', 'style'])).status).toBe(0);
    const file = join(dir, 'export.jsonl');
    expect((await runCli(['--db', path, 'export', '--out', file])).status).toBe(0);
    const rebuilt = join(dir, 'rebuilt.db');
    expect((await runCli(['--db', rebuilt, 'import', file, '--format', 'jsonl'])).status).toBe(0);
    const check = await runCli(['--db', rebuilt, 'verify', '--report', report]);
    expect(check.status, check.stderr).toBe(0);

    const i = lineOf(lines, (o) => o.response === 'a says 2');
    lines[i] = lines[i]!.replace('a says 2', 'a says 3');
    const changed = writeTemp('changed.jsonl', lines.join('\n') + '\n');
    const fresh = join(tempDir(), 'fresh.db');
    const refused = await runCli(['--db', fresh, 'import', changed, '--format', 'jsonl']);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(`llm-fingerprint: ${changed}: line ${i + 1}: the response does not match its sha256`);
    expect(existsSync(fresh)).toBe(false);
  });

  it('export refuses an answer that does not match its hash or its seal, naming it; --allow-mismatch writes it marked, and import refuses that', async () => {
    const { path } = await exported();
    const raw = new Database(path);
    raw.prepare(`UPDATE responses SET text = 'b says 1!' WHERE text = 'b says 1'`).run();
    raw.close();
    const out = join(tempDir(), 'x.jsonl');
    const refused = await runCli(['--db', path, 'export', '--out', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toMatch(
      /^llm-fingerprint: b's answer to prompt [0-9a-f]{12}, sample 0, run 1: its text does not match its sha256 \(run llm-fingerprint verify; --allow-mismatch exports it marked\)$/,
    );
    expect(existsSync(out)).toBe(false);

    const allowed = await runCli(['--db', path, 'export', '--out', out, '--allow-mismatch']);
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toContain('warning: 1 answer did not match their hash or seal');
    const marked = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"mismatch"'));
    expect(marked).toHaveLength(1);
    expect(JSON.parse(marked[0]!)).toMatchObject({ model: 'b', response: 'b says 1!', mismatch: 'its text does not match its sha256' });
    const reimport = await runCli(['--db', join(tempDir(), 'r.db'), 'import', out, '--format', 'jsonl']);
    expect(reimport.status).toBe(1);
    expect(reimport.stderr).toMatch(
      /line \d+: the response does not match its sha256 \(the export marked it: its text does not match its sha256\)/,
    );
  });

  it('export refuses an answer whose text and sha256 were both rewritten: it differs from its seal', async () => {
    const { path } = await exported();
    const raw = new Database(path);
    raw
      .prepare(`UPDATE responses SET text = 'forged', text_sha256 = ? WHERE text = 'b says 1'`)
      .run(createHash('sha256').update('forged').digest('hex'));
    raw.close();
    const result = await runCli(['--db', path, 'export']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /b's answer to prompt [0-9a-f]{12}, sample 0, run 1: its text differs from the one sealed in seal 1 \(run llm-fingerprint verify/,
    );
    expect(result.stdout).toBe(''); // not model a's answers, written before b's were reached
  });

  it('export refuses, with one line, a row that has a text sha256 but no text', async () => {
    const { path } = await exported();
    const raw = new Database(path);
    raw.exec(
      `INSERT INTO responses (run_id, model_id, prompt_id, sample_index, text, text_sha256, created_at)
       SELECT run_id, model_id, prompt_id, 7, NULL, text_sha256, created_at FROM responses WHERE text = 'b says 1'`,
    );
    raw.close();
    const result = await runCli(['--db', path, 'export']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/has a text sha256 but no text \(run llm-fingerprint verify\)$/),
    ]);
    expect(result.stdout).toBe('');
  });

  it('from the CLI: a truncated export is refused with one line and no file; an export without seals needs --allow-unsealed, and warns', async () => {
    const { lines } = await exported();
    const truncated = writeTemp('truncated.jsonl', lines.slice(0, 7).join('\n') + '\n');
    const db = join(tempDir(), 'new.db');
    const refused = await runCli(['--db', db, 'import', truncated, '--format', 'jsonl']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `llm-fingerprint: ${truncated}: line 7: the export stops here, without the end line it closes with: the file is truncated\n`,
    );
    expect(existsSync(db)).toBe(false);

    const unsealed = writeTemp('unsealed.jsonl', recounted(lines.filter((l) => !l.startsWith('{"seal"'))).join('\n') + '\n');
    expect((await runCli(['--db', db, 'import', unsealed, '--format', 'jsonl'])).status).toBe(1);
    expect(existsSync(db)).toBe(false);
    const allowed = await runCli(['--db', db, 'import', unsealed, '--format', 'jsonl', '--allow-unsealed']);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(
      /^warning: .*unsealed\.jsonl: 15 of its 15 answers have no seal in the file .*checked only against their own hashes\n$/,
    );
  });
});
