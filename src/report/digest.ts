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

export function modelDigests(store: Store, models: readonly string[]): ModelDigest[] {
  const rows = store.db.prepare(
    `SELECT p.sha256 AS prompt, r.sample_index AS sample, r.text_sha256 AS text
     FROM responses r JOIN prompts p ON p.id = r.prompt_id JOIN models m ON m.id = r.model_id
     WHERE m.name = ? AND r.error IS NULL AND r.text IS NOT NULL`,
  );
  return models.map((model) => {
    const lines = (rows.all(model) as Array<{ prompt: string; sample: number; text: string }>)
      .map((r) => `${r.prompt}\t${r.sample}\t${r.text}\n`)
      .sort();
    const hash = createHash('sha256');
    for (const line of lines) hash.update(line);
    return { model, responses: lines.length, sha256: hash.digest('hex') };
  });
}
