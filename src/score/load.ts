import type { Store } from '../store/index.js';
import type { Embedder, EmbedProgress } from '../embed/embedder.js';
import { ensureVectors } from '../embed/cache.js';
import type { ViewVectors } from './space.js';

/**
 * Reads the usable responses of the named models and their vectors for one embedder, embedding
 * (and caching) whatever the store does not hold yet. Probes are aligned by prompt.
 */
export async function loadViewVectors(
  store: Store,
  embedder: Embedder,
  modelIds: ReadonlyMap<string, number>,
  onProgress?: EmbedProgress,
): Promise<ViewVectors> {
  const models = [...modelIds.keys()];
  const responses = store.scorableResponses([...modelIds.values()]);
  const { vectors } = await ensureVectors(
    store,
    embedder,
    responses.map((r) => ({ textSha256: r.textSha256, text: r.text })),
    onProgress ? { onProgress } : {},
  );

  const probeIndex = new Map<number, number>();
  const probes: Array<{ promptId: number; category: string }> = [];
  for (const r of [...responses].sort((x, y) => x.promptId - y.promptId)) {
    if (probeIndex.has(r.promptId)) continue;
    probeIndex.set(r.promptId, probes.length);
    probes.push({ promptId: r.promptId, category: r.category });
  }
  const modelIndex = new Map([...modelIds.values()].map((id, i) => [id, i]));
  const cells: Array<Array<Float32Array[] | undefined>> = models.map(() => new Array(probes.length));
  for (const r of responses) {
    const row = cells[modelIndex.get(r.modelId)!]!;
    const p = probeIndex.get(r.promptId)!;
    (row[p] ??= []).push(vectors.get(r.textSha256)!);
  }
  return { view: embedder.view, embedderId: embedder.id, models, probes, cells };
}
