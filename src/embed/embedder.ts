/** What an embedder is, recorded beside its vectors: everything that changes them. */
export interface EmbedderRecord {
  id: string;
  kind: string;
  modelName?: string | null;
  fileSha256?: string | null;
  pooling?: string | null;
  normalize: boolean;
  dimension: number;
  version: string;
}

/**
 * Turns response texts into fixed-length vectors. The id names everything that changes the vectors
 * (algorithm version, model file hash), so vectors of different embedders never mix in the store.
 */
export interface Embedder {
  readonly id: string;
  /** The short name a user types and reports show ("style", "minilm", a model id or folder). */
  readonly view: string;
  readonly record: EmbedderRecord;
  /**
   * Parts of the vector that measure different things (the style view's character n-grams, words,
   * phrases, layout): scored as separate views so a short block is not drowned by a long one.
   * Absent: the whole vector is one view.
   */
  readonly blocks?: ReadonlyArray<{ name: string; start: number; end: number }>;
  /** Texts per call to `embed` that suit this embedder (large for the style view's worker pool); default 64. */
  readonly preferredBatch?: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Release native resources (ONNX sessions); optional. */
  dispose?(): Promise<void>;
}

export type EmbedProgress = (done: number, total: number) => void;
