import { createHash } from 'node:crypto';
import type { ScorableResponse, Store, ScoringCache } from '../store/index.js';
import { ensureVectors, type Embedder, type EmbedProgress } from '../embed/index.js';
import { TABLE_FORMAT, type ProbeRef, type ViewVectors } from '../score/index.js';

/**
 * Which answers a population has, by content: probes ordered by the prompt's sha256, and per model and
 * probe the text sha256s of its samples, sorted. Never the store's row order, so the same answers give
 * the same layout (and the same numbers) in any store.
 */
export interface AnswerLayout {
  models: readonly string[];
  probes: readonly ProbeRef[];
  /** cells[model][probe]: the samples' text sha256s, or undefined where the model did not answer. */
  cells: ReadonlyArray<ReadonlyArray<readonly string[] | undefined>>;
}

export function answerLayout(responses: readonly ScorableResponse[], models: readonly string[]): AnswerLayout {
  const categoryOf = new Map<string, string>();
  for (const r of responses) if (!categoryOf.has(r.promptSha256)) categoryOf.set(r.promptSha256, r.category);
  const probes: ProbeRef[] = [...categoryOf.keys()].sort().map((prompt) => ({ prompt, category: categoryOf.get(prompt)! }));
  const probeIndex = new Map(probes.map((p, i) => [p.prompt, i]));
  const modelIndex = new Map(models.map((name, i) => [name, i]));
  const cells: string[][][] = models.map(() => new Array<string[]>(probes.length));
  for (const r of responses) {
    const row = cells[modelIndex.get(r.model)!]!;
    const p = probeIndex.get(r.promptSha256)!;
    row[p] ??= [];
    row[p].push(r.textSha256);
  }
  for (const row of cells) for (const cell of row) cell?.sort();
  return { models, probes, cells };
}

/** A digest of everything a similarity table depends on: its format, the embedders, and every answer by content. */
export function layoutKey(layout: AnswerLayout, embedderIds: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: TABLE_FORMAT, embedders: embedderIds, models: layout.models, probes: layout.probes }));
  for (const row of layout.cells) {
    hash.update('\n|');
    row.forEach((cell, p) => {
      if (cell) hash.update(`\n${p}:${cell.join(',')}`);
    });
  }
  return hash.digest('hex');
}

/** How many answers (samples) the layout holds on the probes [start, end). */
export function answerCount(layout: AnswerLayout, start = 0, end = layout.probes.length): number {
  return layout.cells.reduce((sum, row) => sum + row.slice(start, end).reduce((s, cell) => s + (cell?.length ?? 0), 0), 0);
}

/** How many probes both models answered. */
export function sharedProbes(layout: AnswerLayout, a: number, b: number): number {
  const rowB = layout.cells[b]!;
  return layout.cells[a]!.reduce((n, cell, p) => (cell && rowB[p] ? n + 1 : n), 0);
}

/** Models with several samples on enough probes for the same-model test: only their sample vectors are ever needed. */
export function sampledModels(layout: AnswerLayout, among: readonly number[], minimumProbes: number): Set<number> {
  return new Set(among.filter((m) => layout.cells[m]!.filter((cell) => (cell?.length ?? 0) >= 2).length >= minimumProbes));
}

/**
 * The vectors of one embedder for the layout's answers (of all its models, or of those `only` keeps),
 * embedding and caching whatever the cache does not hold yet (see ensureVectors for `writeBehind`).
 */
export async function loadViewVectors(
  store: Store,
  cache: ScoringCache,
  embedder: Embedder,
  layout: AnswerLayout,
  options: {
    onProgress?: EmbedProgress;
    only?: ReadonlySet<number>;
    /** Only the probes [start, end): a run of a table build that reads the vectors a run at a time. */
    probes?: readonly [number, number];
    writeBehind?: (written: Promise<void>) => void;
  } = {},
): Promise<ViewVectors> {
  const [first, end] = options.probes ?? [0, layout.probes.length];
  const keep = (m: number) => !options.only || options.only.has(m);
  const inRun = (row: ReadonlyArray<readonly string[] | undefined>) => (options.probes ? row.slice(first, end) : row);
  const wanted = layout.cells.flatMap((row, m) => (keep(m) ? inRun(row).flatMap((cell) => cell ?? []) : []));
  const { vectors } = await ensureVectors(cache, embedder, wanted, (missing) => store.responses.texts(missing), {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.writeBehind ? { writeBehind: options.writeBehind } : {}),
  });
  const cells = layout.cells.map((row, m) =>
    keep(m) ? row.map((cell, p) => (p >= first && p < end ? cell?.map((sha) => vectors.get(sha)!) : undefined)) : row.map(() => undefined),
  );
  return {
    view: embedder.view,
    embedderId: embedder.id,
    blocks: embedder.blocks ?? [],
    models: layout.models,
    probes: layout.probes,
    cells,
  };
}
