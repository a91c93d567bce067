import type { RunRecord, Store } from '../store/index.js';
import { compare, type CompareResult, type ScoreOptions } from '../analysis/index.js';
import { TOOL_VERSION } from '../util/package-info.js';
import { modelDigests, type ModelDigest } from './digest.js';

export interface ClosestProbe {
  category: string;
  excess: number;
  prompt: string;
  sourceAnswer: string;
  suspectAnswer: string;
}

/** Everything a reader needs to weigh, and later re-check, one comparison. */
export interface EvidenceReport {
  generatedAt: string;
  toolVersion: string;
  database: string;
  comparison: CompareResult;
  closestProbes: ClosestProbe[];
  /** Source and suspect first, then the references: which answers, exactly, the scores came from. */
  digests: ModelDigest[];
  /**
   * The store's seal chain when the report was made: its newest seal's hash and the number of seals.
   * `verify --report` checks that this seal is still in the chain, at this place.
   */
  seals: { head: string | null; count: number };
  runs: Record<string, RunRecord[]>;
}

export async function buildEvidenceReport(
  store: Store,
  source: string,
  suspect: string,
  options: ScoreOptions = {},
): Promise<EvidenceReport> {
  const comparison = await compare(store, source, suspect, options);
  const models = [source, suspect, ...comparison.references];
  return {
    generatedAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    database: store.path,
    comparison,
    closestProbes: comparison.closestProbes.slice(0, 5).map((p) => ({
      category: p.category,
      excess: p.excess,
      prompt: promptText(store, p.prompt),
      sourceAnswer: store.responses.answersTo(source, p.prompt)[0] ?? '',
      suspectAnswer: store.responses.answersTo(suspect, p.prompt)[0] ?? '',
    })),
    digests: modelDigests(store, models),
    seals: { head: store.seals.head()?.hash ?? null, count: store.seals.count() },
    runs: Object.fromEntries([source, suspect].map((m) => [m, store.runs.ofModel(m)])),
  };
}

function promptText(store: Store, sha256: string): string {
  const messages = store.prompts.messages(sha256) ?? [];
  return messages.map((m) => (messages.length > 1 ? `[${m.role}] ${m.content}` : m.content)).join('\n');
}
