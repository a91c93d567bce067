import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';

/**
 * The models a scoring job reads: the ones it is about (focus) and the references that calibrate
 * them. Without an explicit reference list, every other stored model with answers is a reference.
 */
export interface Population {
  names: string[];
  ids: Map<string, number>;
  /** Population indices of the reference models. */
  references: number[];
  indexOf(name: string): number;
}

export function resolvePopulation(store: Store, focus: readonly string[], references?: readonly string[]): Population {
  const stored = store.listModels().filter((m) => m.responses > 0);
  const known = new Set(stored.map((m) => m.name));
  for (const name of [...focus, ...(references ?? [])]) {
    if (!known.has(name)) {
      const list = stored.map((m) => m.name);
      const shown = list.length > 12 ? `${list.slice(0, 12).join(', ')}, …` : list.join(', ') || 'none';
      throw new UserError(`unknown model "${name}" (stored models with answers: ${shown})`);
    }
  }
  const referenceNames = references ? [...new Set(references)] : stored.map((m) => m.name);
  const names = [...new Set([...focus, ...referenceNames])];
  const ids = new Map(names.map((name) => [name, store.findModel(name)!.id]));
  const position = new Map(names.map((name, i) => [name, i]));
  return {
    names,
    ids,
    references: referenceNames.map((name) => position.get(name)!),
    indexOf: (name) => position.get(name)!,
  };
}
