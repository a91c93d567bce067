import { describe, expect, it } from 'vitest';
import { compare, importTranscripts, matrix, openStore, rank } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath, writeTemp } from './helpers/temp.js';

// Why a pair has no calibrated score, said truly: a store of two models shares every prompt and has no
// references; that is not "no probe in common".

const VOICES = ['Sure! ', 'Well, ', 'OK: ', 'Hmm... ', 'Right, '];

/** Models m0… answering q0…q5, and any extra records given as [model, prompt]. */
function transcript(models: number, extra: Array<[string, string]> = []): string {
  const lines: string[] = [];
  for (let p = 0; p < 6; p++)
    for (let m = 0; m < models; m++)
      lines.push(JSON.stringify({ model: `m${m}`, prompt: `q${p}`, response: `${VOICES[m]}answer ${p} (${m}).` }));
  for (const [model, prompt] of extra) lines.push(JSON.stringify({ model, prompt, response: `${model} on ${prompt}, at length.` }));
  return writeTemp('t.jsonl', lines.join('\n'));
}

const NO_REFERENCES = 'calibration needs at least 2 reference models besides the pair that share probes with it; there is none';

describe('a store of exactly two models', () => {
  const twoModels = () => {
    const store = openStore(tempDbPath());
    importTranscripts(store, [transcript(2)], { format: 'jsonl' });
    return store;
  };

  it('compare says the pair has no references, not that it shares no probe', async () => {
    const store = twoModels();
    await expect(compare(store, 'm0', 'm1')).rejects.toThrow(`no score for m0 and m1: ${NO_REFERENCES}`);
    store.close();
  });

  it('rank and matrix give the same reason', async () => {
    const store = twoModels();
    expect((await rank(store, 'm1')).ranking[0]).toMatchObject({ model: 'm0', score: null, whyNoScore: NO_REFERENCES });
    expect((await matrix(store)).missing).toEqual([{ models: ['m0', 'm1'], reason: NO_REFERENCES }]);
    store.close();
  });

  it('from the CLI: compare and report exit 1 with that one line; rank and matrix print it', async () => {
    const db = tempDbPath();
    expect((await runCli(['--db', db, 'import', transcript(2), '--format', 'jsonl'])).status).toBe(0);
    const [compared, reported, ranked, grid] = await Promise.all([
      runCli(['--db', db, 'compare', 'm0', 'm1']),
      runCli(['--db', db, 'report', 'm0', 'm1']),
      runCli(['--db', db, 'rank', 'm1']),
      runCli(['--db', db, 'matrix']),
    ]);
    for (const result of [compared, reported]) {
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(`llm-fingerprint: no score for m0 and m1: ${NO_REFERENCES}`);
    }
    expect(ranked.stdout).toContain(`m0: no score: ${NO_REFERENCES}`);
    expect(grid.stdout).toContain(`m0 × m1: ${NO_REFERENCES}`);
  });

  it('with two more models as references, as the README example imports, the pair is scored', async () => {
    const store = openStore(tempDbPath());
    importTranscripts(store, [transcript(4)], { format: 'jsonl' });
    const result = await compare(store, 'm0', 'm1');
    expect(result.probes).toBe(6);
    expect(typeof result.score).toBe('number');
    store.close();
  });
});

describe('other reasons, each named truly', () => {
  it('a pair that answered different prompts shares no probe', async () => {
    const store = openStore(tempDbPath());
    importTranscripts(store, [transcript(4, [['loner', 'elsewhere']])], { format: 'jsonl' });
    expect((await matrix(store)).missing).toContainEqual({ models: ['loner', 'm0'], reason: 'loner and m0 answered no probe in common' });
    store.close();
  });

  it('a pair whose shared prompts no other model answered, among references that answered others', async () => {
    const store = openStore(tempDbPath());
    const extra: Array<[string, string]> = [];
    for (const prompt of ['z1', 'z2', 'z3']) extra.push(['x', prompt], ['y', prompt]);
    extra.push(['x', 'q0'], ['y', 'q1']); // each shares a prompt with the references, not the same one
    importTranscripts(store, [transcript(4, extra)], { format: 'jsonl' });
    const missing = (await matrix(store)).missing;
    expect(missing).toContainEqual({
      models: ['x', 'y'],
      reason: 'no other model answered the 3 probes x and y share, so there is nothing to compare their similarity with',
    });
    store.close();
  });
});
