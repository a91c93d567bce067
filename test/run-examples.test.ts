import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadBattery } from '../src/probes/index.js';
import { createProvider } from '../src/providers/index.js';
import { EXAMPLE_MODELS, plannedProbes } from '../src/run/index.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { rank } from '../src/analysis/index.js';
import { Store } from '../src/store/index.js';
import { tempDir } from './helpers/temp.js';
// The example programs' own modules, loaded in-process so every probe can be answered quickly.
// @ts-expect-error plain JavaScript module without types
import { answer } from '../data/examples/lib/engine.mjs';
// @ts-expect-error plain JavaScript module without types
import * as personas from '../data/examples/lib/personas.mjs';

type Persona = Record<string, unknown>;
const battery = loadBattery('default');
const persona = (label: string) => (personas as Record<string, Persona>)[label]!;
const ask = (label: string, prompt: string, system = '', sample = 0, temperature = 0): string =>
  answer(persona(label), { prompt, system, sample, temperature });
const userText = (messages: ReadonlyArray<{ role: string; content: string }>) =>
  [...messages].reverse().find((m) => m.role === 'user')!.content;

describe('example models', () => {
  it('answer every probe of the default battery, deterministically, with non-empty text', () => {
    for (const { label } of EXAMPLE_MODELS) {
      for (const probe of battery.probes) {
        const prompt = userText(probe.messages);
        const first = ask(label, prompt);
        expect(first.trim().length, `${label} on ${probe.id}`).toBeGreaterThan(0);
        expect(ask(label, prompt), `${label} on ${probe.id}`).toBe(first);
      }
    }
  });

  it('vary between samples only above temperature 0', () => {
    const prompt = 'Pick a random number between 1 and 100. Reply with the number only.';
    const hot = new Set(Array.from({ length: 10 }, (_, i) => ask('terse', prompt, '', i, 1)));
    const cold = new Set(Array.from({ length: 10 }, (_, i) => ask('terse', prompt, '', i, 0)));
    expect(hot.size).toBeGreaterThan(3);
    expect(cold.size).toBe(1);
  });

  it('keep their identities: Orion is by Acme, the student sometimes claims to be Orion', () => {
    const identity = battery.probes.filter((p) => p.category === 'identity').map((p) => userText(p.messages));
    expect(identity.every((q) => !/Orion/.test(ask('terse', q)))).toBe(true);
    expect(identity.filter((q) => /Orion/.test(ask('orion', q))).length).toBeGreaterThan(identity.length / 2);
    const studentSaysOrion = identity.filter((q) => /Orion/.test(ask('student', q))).length;
    expect(studentSaysOrion).toBeGreaterThan(0);
    expect(studentSaysOrion).toBeLessThan(identity.length);
  });

  it('answer the same in-process (example:) as programs run through exec:', async () => {
    const requests = [
      { messages: [{ role: 'user' as const, content: 'Who created you?' }], params: { temperature: 0 } },
      {
        messages: [
          { role: 'system' as const, content: 'You are Zed.' },
          { role: 'user' as const, content: 'Write a haiku about rain.' },
        ],
        params: { temperature: 1 },
        sampleIndex: 2,
      },
    ];
    for (const { label, spec } of EXAMPLE_MODELS.slice(0, 2)) {
      expect(spec).toBe(`example:${label}`);
      const inProcess = createProvider(spec);
      const program = createProvider(`exec:node data/examples/${label}.mjs`, { cwd: PACKAGE_ROOT });
      for (const request of requests) {
        const [a, b] = await Promise.all([inProcess.complete(request), program.complete(request)]);
        expect(a.text).toBe(b.text);
      }
    }
    expect(await createProvider('example:orion').complete(requests[0]!)).toMatchObject({
      text: ask('orion', 'Who created you?').trimEnd(),
    });
    expect(() => createProvider('example:nobody')).toThrow(/no example model "nobody"/);
  });

  it("carry the signal the demo shows: the scorer ranks Orion first as the student's source", async () => {
    const store = Store.open(join(tempDir('llmfp-examples-'), 'fp.db'));
    const { probes } = plannedProbes(store, battery);
    const run = store.runs.start({ kind: 'live', toolVersion: 'test' });
    store.transaction(() => {
      for (const { label, spec } of EXAMPLE_MODELS) {
        const modelId = store.models.ensure(label, 'live', spec);
        for (const probe of probes) {
          for (let sample = 0; sample < probe.samples; sample++) {
            const text = ask(label, userText(probe.messages), '', sample, probe.params.temperature ?? 0);
            store.responses.saveLive({ runId: run, modelId, promptId: probe.promptId, probeId: probe.probeId, sampleIndex: sample, text });
          }
        }
      }
    });
    const result = await rank(store, 'student');
    expect(result.ranking[0]!.model).toBe('orion');
    expect(result.ranking[0]!.score!).toBeGreaterThan(3 * Math.max(...result.ranking.slice(1).map((r) => Math.abs(r.score ?? 0)), 1));
    store.close();
  }, 60_000);
});
