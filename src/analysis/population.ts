import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';

/**
 * The models a scoring job reads: the ones it is about (focus) and the references that calibrate
 * them. Without an explicit reference list, every other stored model with answers is a reference.
 * Models are held in name order, so a result never depends on the order anything was stored in.
 */
export interface Population {
  /** Every model the job reads, in name order. */
  names: string[];
  /** Population indices of the reference models. */
  references: number[];
  indexOf(name: string): number;
}

export function resolvePopulation(store: Store, focus: readonly string[], references?: readonly string[]): Population {
  const stored = store.models.withAnswers();
  const known = new Set(stored);
  for (const name of [...focus, ...(references ?? [])]) {
    if (!known.has(name)) {
      const list = stored;
      const shown = list.length > 12 ? `${list.slice(0, 12).join(', ')}, …` : list.join(', ') || 'none';
      const what = store.models.find(name) ? `model "${name}" has no usable answers` : `unknown model "${name}"`;
      throw new UserError(`${what} (stored models with answers: ${shown})`);
    }
  }
  const referenceNames = references ? [...new Set(references)] : stored;
  const names = [...new Set([...focus, ...referenceNames])].sort();
  const position = new Map(names.map((name, i) => [name, i]));
  return {
    names,
    references: [...new Set(referenceNames)].sort().map((name) => position.get(name)!),
    indexOf: (name) => position.get(name)!,
  };
}
