import { describe, expect, it } from 'vitest';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { sameModelTest, seededRandom } from '../src/score/index.js';
import { compare } from '../src/analysis/index.js';
import { tempDbPath, writeTemp } from './helpers/temp.js';

/**
 * Models as phrase distributions, several samples per probe. "base-copy" samples from exactly the
 * distribution of "base" (the same model under another name); "student" learnt base's phrases but
 * mixes in its own, as a distilled model does.
 */
function sampledTranscripts(): string {
  const random = seededRandom(99);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const vocabulary = Array.from({ length: 300 }, (_, i) => `v${i}`);
  const phrases = (prefix: string) => Array.from({ length: 12 }, (_, i) => `${prefix}${i} ${pick(vocabulary)} ${pick(vocabulary)}`);
  const base = phrases('b');
  const own = phrases('s');
  const styles: Record<string, () => string> = {
    base: () => pick(base),
    'base-copy': () => pick(base),
    student: () => (random() < 0.6 ? pick(base) : pick(own)),
  };
  for (const name of ['ref1', 'ref2', 'ref3', 'ref4']) {
    const mine = phrases(name);
    styles[name] = () => pick(mine);
  }
  const lines: string[] = [];
  for (let p = 0; p < 24; p++) {
    const topic = Array.from({ length: 8 }, () => pick(vocabulary)).join(' ');
    for (const [model, phrase] of Object.entries(styles)) {
      for (let s = 0; s < 6; s++) {
        const text = `${topic} ${Array.from({ length: 6 }, phrase).join(' ')}`;
        lines.push(JSON.stringify({ model, prompt: `probe ${p}`, response: text }));
      }
    }
  }
  return writeTemp('sampled.jsonl', lines.join('\n'));
}

describe('same-model test (kernel MMD over samples)', () => {
  const store = Store.open(tempDbPath());
  importTranscripts(store, [sampledTranscripts()], { format: 'jsonl' });

  it('calls a model and a copy of it under another name the same model', async () => {
    const result = await compare(store, 'base', 'base-copy');
    expect(result.sameModel).not.toBeNull();
    expect(result.sameModel!.probes).toBe(24);
    expect(result.sameModel!.pValue).toBeGreaterThanOrEqual(0.05);
    expect(result.verdict).toBe('same-model');
  });

  it('calls a student that mixes in its own habits derived, not the same model', async () => {
    // base-copy is left out of the references: a second copy of the source among them would (rightly)
    // make closeness to the source look ordinary
    const result = await compare(store, 'base', 'student', { references: ['ref1', 'ref2', 'ref3', 'ref4'] });
    expect(result.sameModel!.pValue).toBeLessThan(0.01);
    expect(result.verdict).toBe('derived');
  });

  it('does not run without several samples from both models on enough probes', () => {
    const rand = seededRandom(1);
    const vector = () => Float32Array.from({ length: 8 }, () => rand() - 0.5);
    const cells = [
      [
        [vector(), vector()],
        [vector(), vector()],
      ],
      [
        [vector(), vector()],
        [vector(), vector()],
      ],
      [[vector()], [vector()]],
    ];
    expect(sameModelTest([{ a: cells[0]!, b: cells[1]! }])).toBeNull(); // two sampled probes: below the minimum
    expect(sameModelTest([{ a: cells[0]!, b: cells[2]! }])).toBeNull(); // c has one sample per probe
  });
});
