import { describe, expect, it } from 'vitest';
import { tempDbPath, writeTemp } from './helpers/temp.js';

describe('the package entry point, for scripted audits', () => {
  it('exposes the pipeline under the package name with its types', async () => {
    const lib = await import('llm-fingerprint');
    const store = lib.openStore(tempDbPath());
    const lines: string[] = [];
    const voices = ['Sure! ', 'Well, ', 'OK: ', 'Hmm... '];
    for (let p = 0; p < 6; p++) {
      voices.forEach((voice, m) => lines.push(JSON.stringify({ model: `m${m}`, prompt: `q${p}`, response: `${voice}answer ${p}` })));
    }
    const [result] = lib.importTranscripts(store, [writeTemp('t.jsonl', lines.join('\n'))], { format: 'jsonl' });
    expect(result!.added).toBe(24);
    const compared = await lib.compare(store, 'm0', 'm1');
    expect(compared.probes).toBe(6);
    const ranked = await lib.rank(store, 'm0');
    expect(ranked.ranking).toHaveLength(3);
    const grid = await lib.matrix(store);
    expect(grid.models).toEqual(['m0', 'm1', 'm2', 'm3']);
    store.close();
  });
});
