import { createHash } from 'node:crypto';
import type { Store } from '../store/index.js';

export interface ModelDigest {
  model: string;
  /** Answers the digest covers: every stored answer with text and no error. */
  responses: number;
  /**
   * sha256 over the sorted lines "prompt sha256 TAB sample index TAB text sha256": one value that pins
   * down exactly which answers a score was computed from. Recompute it from the store or an export.
   */
  sha256: string;
}

/** The digest of a set of answers given as (prompt sha256, sample, text sha256). */
export function digestOf(model: string, rows: ReadonlyArray<{ prompt: string; sample: number; text: string }>): ModelDigest {
  const lines = rows.map((r) => `${r.prompt}\t${r.sample}\t${r.text}\n`).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return { model, responses: lines.length, sha256: hash.digest('hex') };
}

export function modelDigests(store: Store, models: readonly string[]): ModelDigest[] {
  return models.map((model) => digestOf(model, store.responses.digestRows(model)));
}
