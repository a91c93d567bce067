import { describe, expect, it } from 'vitest';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { loadBattery, storeBattery } from '../src/probes/index.js';
import { modelDigests, verifyStore } from '../src/report/index.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath, writeTemp } from './helpers/temp.js';

function filledStore(path = tempDbPath()): Store {
  const store = Store.open(path);
  const lines = ['a', 'b'].flatMap((model) =>
    [0, 1, 2].map((p) => JSON.stringify({ model, prompt: `question ${p}`, response: `${model} says ${p}` })),
  );
  importTranscripts(store, [writeTemp('t.jsonl', lines.join('\n'))], { format: 'jsonl' });
  storeBattery(store, loadBattery('default'));
  return store;
}

describe('verify', () => {
  it('passes on an untouched store: answers, prompts and the stored battery', async () => {
    const store = filledStore();
    const report = verifyStore(store);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checked).toEqual({ responses: 6, prompts: 3 + loadBattery('default').probes.length, batteries: 1 });
    store.close();
  });

  it('finds an answer edited after collection', () => {
    const store = filledStore();
    store.db.prepare("UPDATE responses SET text = 'b says nothing' WHERE text = 'b says 1'").run();
    const report = verifyStore(store);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'response', message: expect.stringMatching(/text does not match its sha256/) })]);
    store.close();
  });

  it('finds an edited prompt and a battery whose probes were changed', () => {
    const store = filledStore();
    store.db.prepare(`UPDATE prompts SET messages = '[{"role":"user","content":"question 9"}]' WHERE messages LIKE '%question 0%'`).run();
    store.db.prepare(`UPDATE probes SET params = '{"temperature":2}' WHERE id = (SELECT min(id) FROM probes)`).run();
    const kinds = verifyStore(store).problems.map((p) => p.kind).sort();
    expect(kinds).toEqual(['battery', 'prompt']);
    store.close();
  });

  it('digests exactly the answers a score uses, independent of insertion order', () => {
    const first = filledStore();
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

  it('exits 1 with one line from the CLI when a hash does not match, and leaves the file as it was', () => {
    const path = tempDbPath();
    const store = filledStore(path);
    store.db.prepare("UPDATE responses SET text = 'forged' WHERE text = 'a says 0'").run();
    store.close();
    const result = runCli(['--db', path, 'verify']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/text does not match its sha256/);
    expect(result.stderr.trim()).toBe('llm-fingerprint: integrity check failed: 1 problem(s) listed above');
    expect(runCli(['--db', path, 'verify', '--json']).status).toBe(1);
  });
});
