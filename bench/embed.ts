/**
 * Embedding throughput and peak memory per view, on the AlpacaEval dev outputs (16 models × 150 answers).
 *   node dist/bench/embed.js [--views style,fixture] [--batch 64]
 * Views: `style`, `fixture` (the tiny BERT model in test/fixtures: the full transformers.js path —
 * file check, tokenizer, ONNX session, pooling — at minimal model cost), or anything --embedder accepts
 * that is present locally (e.g. `minilm` after `embedders pull`). Nothing is downloaded.
 * Each view runs in its own child process so its peak RSS is its own.
 * Target (issue 3): style embeds at least 2,000 responses a second.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVectors, resolveEmbedders, type Embedder } from '../src/embed/index.js';
import { ScoringCache } from '../src/store/index.js';
import { sha256Hex } from '../src/util/hash.js';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { devFiles, readDevFile, requireDevData } from './dev-data.js';
import { benchArgs, countFlag } from './flags.js';

const STYLE_TARGET_PER_SECOND = 2000;

const args = benchArgs({
  views: { type: 'string', default: 'style,fixture' },
  batch: { type: 'string', default: '64' },
  child: { type: 'string' },
});

interface ViewResult {
  view: string;
  id: string;
  dimension: number;
  texts: number;
  characters: number;
  loadMs: number;
  embedMs: number;
  /** ensureVectors into a fresh SQLite store (embed + write), then again with everything cached. */
  storeMs: number;
  cachedMs: number;
  peakRssMiB: number;
  heapUsedMiB: number;
}

function devOutputs(): string[] {
  return devFiles().flatMap((file) => readDevFile(file).map((record) => record.output));
}

async function measure(view: string, batch: number): Promise<ViewResult> {
  const texts = devOutputs();
  const spec = view === 'fixture' ? join(PACKAGE_ROOT, 'test', 'fixtures', 'tiny-bert') : view;
  const loadStart = performance.now();
  const { embedders } = await resolveEmbedders(spec, { allowRemote: false });
  const embedder: Embedder = embedders[0]!;
  const loadMs = performance.now() - loadStart;

  const embedStart = performance.now();
  for (let i = 0; i < texts.length; i += batch) await embedder.embed(texts.slice(i, i + batch));
  const embedMs = performance.now() - embedStart;

  const work = mkdtempSync(join(tmpdir(), 'llmfp-bench-embed-'));
  const cache = ScoringCache.open(join(work, 'bench.db.cache'));
  const bySha = new Map(texts.map((text) => [sha256Hex(text), text]));
  const textsOf = () => bySha;
  let start = performance.now();
  await ensureVectors(cache, embedder, bySha.keys(), textsOf, { batchSize: batch });
  const storeMs = performance.now() - start;
  start = performance.now();
  const cached = await ensureVectors(cache, embedder, bySha.keys(), textsOf, { batchSize: batch });
  const cachedMs = performance.now() - start;
  if (cached.embedded !== 0) throw new Error(`second ensureVectors embedded ${cached.embedded} texts`);
  cache.close();
  rmSync(work, { recursive: true, force: true });
  await embedder.dispose?.();

  return {
    view,
    id: embedder.id,
    dimension: embedder.record.dimension,
    texts: texts.length,
    characters: texts.reduce((n, t) => n + t.length, 0),
    loadMs,
    embedMs,
    storeMs,
    cachedMs,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 1024 / 1024,
  };
}

requireDevData();
const batch = countFlag('batch', args.batch, 1);
if (args.child) {
  process.stdout.write(JSON.stringify(await measure(args.child, batch)));
} else {
  const results: ViewResult[] = [];
  for (const view of args.views
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', view, '--batch', String(batch)], {
      encoding: 'utf8',
      env: { ...process.env, LLM_FINGERPRINT_OFFLINE: '1' },
    });
    if (child.status !== 0) {
      console.error(`view ${view} failed: ${child.stderr.trim()}`);
      process.exitCode = 1;
      continue;
    }
    results.push(JSON.parse(child.stdout) as ViewResult);
  }
  const perSecond = (r: ViewResult, ms: number) => (r.texts / (ms / 1000)).toFixed(0).padStart(8);
  console.log(`embedding ${results[0]?.texts ?? 0} AlpacaEval dev outputs, batches of ${batch}, one process per view`);
  console.log('view      dim  load s   embed/s  store+embed/s  cached/s  peak RSS MiB  heap MiB  id');
  for (const r of results) {
    console.log(
      [
        r.view.padEnd(8),
        String(r.dimension).padStart(4),
        (r.loadMs / 1000).toFixed(2).padStart(7),
        perSecond(r, r.embedMs),
        perSecond(r, r.storeMs).padStart(14),
        perSecond(r, r.cachedMs).padStart(9),
        r.peakRssMiB.toFixed(0).padStart(13),
        r.heapUsedMiB.toFixed(0).padStart(9),
        ` ${r.id}`,
      ].join(' '),
    );
  }
  const style = results.find((r) => r.view === 'style');
  if (style) {
    const rate = style.texts / (style.embedMs / 1000);
    const ok = rate >= STYLE_TARGET_PER_SECOND;
    console.log(`style target ≥ ${STYLE_TARGET_PER_SECOND}/s: ${rate.toFixed(0)}/s ${ok ? 'PASS' : 'FAIL'}`);
    if (!ok) process.exitCode = 1;
  }
}
