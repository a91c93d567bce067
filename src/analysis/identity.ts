import type { Store } from '../store/index.js';
import { IDENTITY_CATEGORY_PREFIX, identityClaims, type IdentityClaims } from '../score/index.js';
import type { Population } from './population.js';

/** Whether the suspect, asked who it is, gives the source's names; null without identity answers from both. */
export function identityEvidence(store: Store, population: Population, source: string, suspect: string): IdentityClaims | null {
  const byModel = new Map<string, string[]>();
  const rows = store.responses.scorable(population.names, { categoryPrefix: IDENTITY_CATEGORY_PREFIX });
  const texts = store.responses.texts(rows.map((r) => r.textSha256));
  for (const r of rows) (byModel.get(r.model) ?? byModel.set(r.model, []).get(r.model)!).push(texts.get(r.textSha256)!);
  const of = (name: string) => ({ answers: byModel.get(name) ?? [] });
  const references = population.names.filter((n) => n !== source && n !== suspect).map(of);
  return identityClaims(of(source), of(suspect), references);
}
