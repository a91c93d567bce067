import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { exportAnswers, modelDigests, verifyStore } from '../src/report/index.js';
import { sealedStore } from './helpers/evidence-store.js';
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
    const file = writeTemp('export.jsonl', answers.map((a) => JSON.stringify(a)).join('\n'));
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
        .map((l) => JSON.parse(l).model ?? 'seal'),
    ).toEqual(['b', 'seal']);
    const out = join(tempDir(), 'answers.jsonl');
    const toFile = await runCli(['--db', path, 'export', '--out', out]);
    expect(toFile.stderr).toContain(`wrote 4 answers and 1 seal to ${out}`);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(5);
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
  const importLines = (lines: string[]) => {
    const store = Store.open(tempDbPath());
    try {
      return { store, result: importTranscripts(store, [writeTemp('e.jsonl', lines.join('\n') + '\n')], { format: 'jsonl' }) };
    } catch (error) {
      store.close();
      throw error;
    }
  };

  it('writes the seals after the answers, and a round trip gives identical digests and a sound store', async () => {
    const { path, lines } = await exported();
    const answers = lines.filter((l) => !l.startsWith('{"seal"'));
    const seals = lines.slice(answers.length).map((l) => JSON.parse(l).seal);
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
  for (const [name, edit, message] of REFUSALS) {
    it(`refuses ${name}, naming the file and line`, async () => {
      const { lines } = await exported();
      edit(lines);
      expect(() => importLines(lines)).toThrow(message);
    });
  }

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
  });
});
