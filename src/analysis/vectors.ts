import type { Store, VectorCache } from '../store/index.js';
import { ensureVectors, type Embedder, type EmbedProgress } from '../embed/index.js';
import type { ProbeRef, ViewVectors } from '../score/index.js';

/**
 * The usable answers of the named models as vectors of one embedder, embedding (and caching) whatever
 * the cache does not hold yet. Probes line up by prompt and are ordered by the prompt's sha256; a
 * model's samples of a probe by their text's sha256: the order is the content's, never the store's.
 */
export async function loadViewVectors(
  store: Store,
  cache: VectorCache,
  embedder: Embedder,
  models: readonly string[],
  onProgress?: EmbedProgress,
): Promise<ViewVectors> {
  const responses = store.responses.scorable(models);
  const { vectors } = await ensureVectors(
    cache,
    embedder,
    responses.map((r) => r.textSha256),
    (missing) => store.responses.texts(missing),
    onProgress ? { onProgress } : {},
  );

  const categoryOf = new Map<string, string>();
  for (const r of responses) if (!categoryOf.has(r.promptSha256)) categoryOf.set(r.promptSha256, r.category);
  const probes: ProbeRef[] = [...categoryOf.keys()].sort().map((prompt) => ({ prompt, category: categoryOf.get(prompt)! }));
  const probeIndex = new Map(probes.map((p, i) => [p.prompt, i]));
  const modelIndex = new Map(models.map((name, i) => [name, i]));

  const shas: string[][][] = models.map(() => new Array<string[]>(probes.length));
  for (const r of responses) (shas[modelIndex.get(r.model)!]![probeIndex.get(r.promptSha256)!] ??= []).push(r.textSha256);
  const cells = shas.map((row) => Array.from(row, (cell) => cell?.sort().map((sha) => vectors.get(sha)!)));
  return { view: embedder.view, embedderId: embedder.id, blocks: embedder.blocks ?? [], models, probes, cells };
}
