import { addInto, dot, normalizeInPlace } from './vector-math.js';

/** A probe as the scorer knows it: the prompt's sha256 and its category. */
export interface ProbeRef {
  prompt: string;
  category: string;
}

/** Responses of one view, as vectors: cells[model][probe] holds one vector per sample (or is absent). */
export interface ViewVectors {
  view: string;
  embedderId: string;
  models: readonly string[];
  /** Probes in content order: `prompt` is the prompt's sha256. */
  probes: readonly ProbeRef[];
  cells: ReadonlyArray<ReadonlyArray<readonly Float32Array[] | undefined>>;
}

/**
 * Per model and probe, the mean of the unit sample vectors, both as embedded ("raw") and after the
 * probe's centroid over the population is taken away ("centred"). The mean of unit vectors turns
 * "mean cosine over all sample pairs" into a single dot product: mean_{s,t} a_s·b_t = ā·b̄.
 *
 * Centring is what makes the score about the model rather than the prompt: every answer to
 * "write a haiku about autumn" shares topic words, and only what is left after the population's
 * average answer is taken away tells models apart.
 */
export interface ScoringSpace {
  models: readonly string[];
  probes: readonly ProbeRef[];
  centred: ReadonlyArray<ReadonlyArray<Float32Array | undefined>>;
  raw: ReadonlyArray<ReadonlyArray<Float32Array | undefined>>;
  /** Mean cosine between a model's own samples of a probe (centred), where it has two or more. */
  selfSimilarity: ReadonlyArray<ReadonlyArray<number | undefined>>;
  /** The centred unit sample vectors themselves, kept only where a model has two or more (for the same-model test). */
  samples: ReadonlyArray<ReadonlyArray<readonly Float32Array[] | undefined>>;
}

export function buildScoringSpace(data: ViewVectors): ScoringSpace {
  const modelCount = data.models.length;
  const probeCount = data.probes.length;
  const centred = data.models.map(() => new Array<Float32Array | undefined>(probeCount));
  const raw = data.models.map(() => new Array<Float32Array | undefined>(probeCount));
  const selfSimilarity = data.models.map(() => new Array<number | undefined>(probeCount));
  const samples = data.models.map(() => new Array<Float32Array[] | undefined>(probeCount));

  for (let p = 0; p < probeCount; p++) {
    const samplesOf: Float32Array[][] = new Array(modelCount);
    let centroid: Float32Array | undefined;
    let contributors = 0;
    for (let m = 0; m < modelCount; m++) {
      const samples = unitVectors(data.cells[m]?.[p]);
      if (samples.length === 0) continue;
      samplesOf[m] = samples;
      const meanVector = meanOf(samples);
      raw[m]![p] = meanVector;
      centroid ??= new Float32Array(meanVector.length);
      addInto(centroid, meanVector);
      contributors++;
    }
    if (!centroid || contributors < 2) continue; // a probe only one model answered cannot be compared
    for (let i = 0; i < centroid.length; i++) centroid[i]! /= contributors;

    for (let m = 0; m < modelCount; m++) {
      const unit = samplesOf[m];
      if (!unit) continue;
      const usable = unit.flatMap((s) => {
        const c = new Float32Array(s.length);
        for (let i = 0; i < s.length; i++) c[i] = s[i]! - centroid[i]!;
        return normalizeInPlace(c) ? [c] : [];
      });
      if (usable.length === 0) continue;
      const meanVector = meanOf(usable);
      centred[m]![p] = meanVector;
      if (usable.length >= 2) {
        const n = usable.length;
        // Σ_{s≠t} a_s·a_t = |Σ a_s|² − n for unit vectors; the mean is over the n(n−1) ordered pairs.
        selfSimilarity[m]![p] = (dot(meanVector, meanVector) * n * n - n) / (n * (n - 1));
        samples[m]![p] = usable;
      }
    }
  }
  return { models: data.models, probes: data.probes, centred, raw, selfSimilarity, samples };
}

/** The mean of the vectors; a single vector is its own mean (no copy). */
function meanOf(vectors: readonly Float32Array[]): Float32Array {
  if (vectors.length === 1) return vectors[0]!;
  const out = new Float32Array(vectors[0]!.length);
  for (const v of vectors) addInto(out, v, 1 / vectors.length);
  return out;
}

function unitVectors(samples: readonly Float32Array[] | undefined): Float32Array[] {
  if (!samples) return [];
  const out: Float32Array[] = [];
  for (const s of samples) {
    const copy = new Float32Array(s);
    if (normalizeInPlace(copy)) out.push(copy);
  }
  return out;
}
