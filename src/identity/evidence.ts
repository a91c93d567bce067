import { fisherExact } from '../score/fisher.js';
import type { MakerId } from './lexicon.js';

/**
 * Identity evidence for a comparison: does the suspect, asked who it is, name the source's maker more
 * often than the reference models do on the same identity probes? Counts and a one-sided Fisher exact
 * test, to be shown beside the similarity score and never folded into it.
 */

/** One answer's claim; an extracted IdentityClaim fits. */
export interface ClaimedMaker {
  claimedMaker: MakerId | null;
}

export interface ClaimCount {
  /** Answers that claim the source's maker. */
  claims: number;
  answers: number;
  /** claims / answers; null without answers. */
  rate: number | null;
}

export interface IdentityClaimEvidence {
  /** The maker the source most often claims for itself; null when it claims none. */
  sourceMaker: MakerId | null;
  /** How often the source claims that maker. */
  source: ClaimCount;
  suspect: ClaimCount;
  /** The reference models' answers pooled. */
  references: ClaimCount & { models: number };
  /** Each reference model's count, in the order given. */
  perReference: ClaimCount[];
  /** [[suspect claims, suspect other answers], [reference claims, reference other answers]]. */
  table: [[number, number], [number, number]] | null;
  /** One-sided Fisher exact p: the suspect claims the source's maker more often than the references do. */
  pValue: number | null;
}

/** The most frequent claimed maker; ties go to the one claimed first. Null when nothing is claimed. */
export function mostClaimedMaker(claims: readonly ClaimedMaker[]): MakerId | null {
  const counts = new Map<MakerId, number>();
  for (const { claimedMaker } of claims) if (claimedMaker) counts.set(claimedMaker, (counts.get(claimedMaker) ?? 0) + 1);
  let best: MakerId | null = null;
  for (const [maker, count] of counts) if (best === null || count > counts.get(best)!) best = maker;
  return best;
}

function countOf(claims: readonly ClaimedMaker[], maker: MakerId | null): ClaimCount {
  const hits = maker === null ? 0 : claims.filter((c) => c.claimedMaker === maker).length;
  return { claims: hits, answers: claims.length, rate: claims.length === 0 ? null : hits / claims.length };
}

export function identityClaimEvidence(
  source: readonly ClaimedMaker[],
  suspect: readonly ClaimedMaker[],
  references: ReadonlyArray<readonly ClaimedMaker[]>,
): IdentityClaimEvidence {
  const sourceMaker = mostClaimedMaker(source);
  const pooled = references.flat();
  const suspectCount = countOf(suspect, sourceMaker);
  const referenceCount = { ...countOf(pooled, sourceMaker), models: references.length };
  const testable = sourceMaker !== null && suspect.length > 0 && pooled.length > 0;
  const table: [[number, number], [number, number]] | null = testable
    ? [
        [suspectCount.claims, suspectCount.answers - suspectCount.claims],
        [referenceCount.claims, referenceCount.answers - referenceCount.claims],
      ]
    : null;
  return {
    sourceMaker,
    source: countOf(source, sourceMaker),
    suspect: suspectCount,
    references: referenceCount,
    perReference: references.map((claims) => countOf(claims, sourceMaker)),
    table,
    pValue: table ? fisherExact(table, 'greater') : null,
  };
}
