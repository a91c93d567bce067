import type { Store } from '../store/index.js';
import {
  IDENTITY_CATEGORY_PREFIX,
  extractClaim,
  identityClaimEvidence,
  identityClaims,
  promptText,
  type IdentityClaimEvidence,
  type IdentityClaims,
} from '../identity/index.js';
import type { Population } from './population.js';

/**
 * What the two models' answers to the identity probes say about who they are, against the references:
 * the source's distinctive self-names the suspect repeats, and the maker each answer claims.
 * Both null when the two did not both answer identity probes.
 */
export function identityEvidence(
  store: Store,
  population: Population,
  source: string,
  suspect: string,
): { names: IdentityClaims | null; claims: IdentityClaimEvidence | null } {
  const answers = new Map<string, Array<{ text: string; prompt: string }>>();
  for (const r of store.responses.withPrompts(population.names, { categoryPrefix: IDENTITY_CATEGORY_PREFIX })) {
    (answers.get(r.model) ?? answers.set(r.model, []).get(r.model)!).push({ text: r.text, prompt: promptText(r.messages) });
  }
  const of = (name: string) => answers.get(name) ?? [];
  const others = population.names.filter((n) => n !== source && n !== suspect);
  const names = identityClaims(
    { answers: of(source).map((a) => a.text) },
    { answers: of(suspect).map((a) => a.text) },
    others.map((n) => ({ answers: of(n).map((a) => a.text) })),
  );
  if (of(source).length === 0 || of(suspect).length === 0) return { names, claims: null };
  const claimsOf = (name: string) => of(name).map((a) => extractClaim(a.text, { prompt: a.prompt }));
  return { names, claims: identityClaimEvidence(claimsOf(source), claimsOf(suspect), others.map(claimsOf)) };
}
