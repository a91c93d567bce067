import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { exportAnswers, modelDigests } from '../src/report/index.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath, tempDir, writeTemp } from './helpers/temp.js';

function store(): { store: Store; path: string } {
  const path = tempDbPath();
  const s = Store.open(path);
  const lines = [
    { model: 'a', prompt: 'Pick a number', response: '7', category: 'low-entropy', sample: 0 },
    { model: 'a', prompt: 'Pick a number', response: '42', category: 'low-entropy', sample: 2 }, // sample 1 failed
    { model: 'a', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], response: 'Hello.' },
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
    expect(answers.filter((a) => a.model === 'a').map((a) => a.sample).sort()).toEqual([0, 0, 2]);
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

  it('exports from the CLI to stdout or a file, one model at a time, and names an unknown model', () => {
    const { store: s, path } = store();
    s.close();
    const onlyB = runCli(['--db', path, 'export', '--models', 'b']);
    expect(onlyB.status).toBe(0);
    expect(onlyB.stdout.trim().split('\n').map((l) => JSON.parse(l).model)).toEqual(['b']);
    const out = join(tempDir(), 'answers.jsonl');
    const toFile = runCli(['--db', path, 'export', '--out', out]);
    expect(toFile.stderr).toContain(`wrote 4 answers to ${out}`);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(4);
    const unknown = runCli(['--db', path, 'export', '--models', 'nobody', '--out', join(tempDir(), 'x.jsonl')]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('llm-fingerprint: unknown model "nobody"');
    const missingDir = join(tempDir(), 'no', 'such', 'dir.jsonl');
    expect(runCli(['--db', path, 'export', '--out', missingDir]).status).toBe(1);
    expect(existsSync(missingDir)).toBe(false);
  });
});
