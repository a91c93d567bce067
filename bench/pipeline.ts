/**
 * Speed of the offline pipeline on the AlpacaEval dev set, then at scale (accuracy: bench/accuracy.ts).
 *   node dist/bench/pipeline.js [--scale-models 60] [--scale-prompts 650]
 * Targets (issue 2): import + embed + matrix for 16 × 150 under 5 s; the matrix for 60 × 650 under 10 s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store, ScoringCache } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { ensureVectors } from '../src/embed/cache.js';
import { createStyleEmbedder } from '../src/embed/style.js';
import { matrix } from '../src/analysis/index.js';
import { devFiles, peakRssMiB, readDevFile, requireDevData, seconds } from './dev-data.js';
import { benchArgs, countFlag } from './flags.js';

const args = benchArgs({ 'scale-models': { type: 'string', default: '60' }, 'scale-prompts': { type: 'string', default: '650' } });

const scaleModels = countFlag('scale-models', args['scale-models'], 2);
const scalePrompts = countFlag('scale-prompts', args['scale-prompts'], 1);
requireDevData();
const work = mkdtempSync(join(tmpdir(), 'llmfp-bench-'));
/** Every stored answer, for embedding ahead of the matrix so the two are timed apart. */
const allAnswers = (store: Store) => store.responses.scorable(store.models.list().map((m) => m.name));
/** Embeds every stored answer into the store's cache file. */
const embedAll = async (store: Store, texts: ReturnType<typeof allAnswers>) => {
  const cache = ScoringCache.open(ScoringCache.pathFor(store.path));
  try {
    return await ensureVectors(
      cache,
      createStyleEmbedder(),
      texts.map((t) => t.textSha256),
      (missing) => store.responses.texts(missing),
    );
  } finally {
    cache.close();
  }
};
const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
};

async function devSet(): Promise<void> {
  const store = Store.open(join(work, 'dev.db'));
  const style = createStyleEmbedder();
  const [, importMs] = await time(() => importTranscripts(store, devFiles(), { format: 'alpaca-eval' }));
  const texts = allAnswers(store);
  const [embedded, embedMs] = await time(() => embedAll(store, texts));
  const [result, matrixMs] = await time(() => matrix(store, { embedders: [style] }));
  store.close();

  console.log(`dev set: ${result.models.length} models × ${texts.length / result.models.length} prompts (${texts.length} responses)`);
  console.log(`  import            ${seconds(importMs)} s`);
  console.log(
    `  embed (style)     ${seconds(embedMs)} s  (${embedded.embedded} texts, ${(embedded.embedded / (embedMs / 1000)).toFixed(0)}/s)`,
  );
  console.log(`  matrix            ${seconds(matrixMs)} s`);
  console.log(`  total             ${seconds(importMs + embedMs + matrixMs)} s   (target < 5 s)`);
  console.log(`  peak RSS          ${peakRssMiB()} MiB`);
}

/** Volume from the dev files: each model copied under new names, prompts widened with numbered variants. */
async function scale(models: number, prompts: number): Promise<void> {
  const sources = devFiles().map(readDevFile);
  const variants = Math.ceil(prompts / sources[0]!.length);
  const lines: string[] = [];
  for (let m = 0; m < models; m++) {
    const records = sources[m % sources.length]!;
    for (let v = 0; v < variants; v++) {
      for (let p = 0; p < records.length && v * records.length + p < prompts; p++) {
        const r = records[p]!;
        // a unique tail makes every text distinct, so nothing is served from the embedding cache by accident
        lines.push(
          JSON.stringify({ model: `scale-${m}`, prompt: `${r.instruction} (variant ${v})`, response: `${r.output}\n(${m}.${v})` }),
        );
      }
    }
  }
  const file = join(work, 'scale.jsonl');
  writeFileSync(file, lines.join('\n'));
  const store = Store.open(join(work, 'scale.db'));
  const style = createStyleEmbedder();
  const [, importMs] = await time(() => importTranscripts(store, [file], { format: 'jsonl' }));
  const texts = allAnswers(store);
  const [, embedMs] = await time(() => embedAll(store, texts));
  const [, matrixMs] = await time(() => matrix(store, { embedders: [style] }));
  store.close();
  console.log(`scale: ${models} models × ${prompts} prompts (${lines.length} responses)`);
  console.log(`  import            ${seconds(importMs)} s`);
  console.log(`  embed (style)     ${seconds(embedMs)} s  (${(lines.length / (embedMs / 1000)).toFixed(0)}/s)`);
  console.log(`  matrix            ${seconds(matrixMs)} s   (target < 10 s; vectors cached)`);
  console.log(`  peak RSS          ${peakRssMiB()} MiB`);
}

try {
  await devSet();
  await scale(scaleModels, scalePrompts);
} finally {
  rmSync(work, { recursive: true, force: true });
}
