/** A probe as the scorer knows it: the prompt's sha256 and its category. */
export interface ProbeRef {
  prompt: string;
  category: string;
}

/** A slice [start, end) of an embedder's vectors that is scored as a view of its own. */
export interface VectorBlock {
  name: string;
  start: number;
  end: number;
}

/**
 * One embedder's vectors of a population's answers: cells[model][probe] holds one vector per sample
 * (or is absent). Models and probes are in the caller's canonical order (names; prompt sha256s).
 */
export interface ViewVectors {
  /** The embedder's short name ("style", "minilm"). */
  view: string;
  embedderId: string;
  /** The vector's blocks, each a view; empty: the whole vector is one view. */
  blocks: readonly VectorBlock[];
  models: readonly string[];
  probes: readonly ProbeRef[];
  cells: ReadonlyArray<ReadonlyArray<readonly Float32Array[] | undefined>>;
}

/** The blocks of a view, or the whole vector as one block named after the view. */
export function blocksOf(vectors: Pick<ViewVectors, 'view' | 'blocks'>, dimension: number): VectorBlock[] {
  return vectors.blocks.length > 0 ? [...vectors.blocks] : [{ name: vectors.view, start: 0, end: dimension }];
}

/**
 * One (model, probe) cell ready for dot products: each block of each sample scaled to unit length, then
 * averaged over the samples, so a block's dot product with another cell's is the mean cosine over all
 * sample pairs. A block without direction (all zero) stays zero; `live` says which blocks have one.
 */
export function blockUnitMean(samples: readonly Float32Array[], blocks: readonly VectorBlock[]): { vector: Float32Array; live: boolean[] } {
  const vector = new Float32Array(samples[0]!.length);
  const live = blocks.map(() => false);
  for (const sample of samples) {
    blocks.forEach(({ start, end }, v) => {
      let norm = 0;
      for (let k = start; k < end; k++) norm += sample[k]! * sample[k]!;
      if (!(norm > 1e-24)) return;
      live[v] = true;
      const scale = 1 / (Math.sqrt(norm) * samples.length);
      for (let k = start; k < end; k++) vector[k]! += sample[k]! * scale;
    });
  }
  return { vector, live };
}
