import type { ChatMessage } from '../prompt/index.js';
import type { RunRecord, Store } from '../store/index.js';
import { compare, matrix, forRepeatedScoring, type CompareResult, type ScoreOptions } from '../analysis/index.js';
import type { PairLabels } from '../score/index.js';
import { IDENTITY_CATEGORY_PREFIX } from '../identity/index.js';
import { TOOL_VERSION } from '../util/package-info.js';
import { modelDigests, type ModelDigest } from '../evidence/index.js';
import { CLOSEST_PROBE_RULE, selectClosest, type ClosestProbeSelection } from './closest.js';
import { pairPopulation, type PairPopulation } from './population.js';
import { pairSummary } from './summary.js';
import { glossary, type GlossaryEntry } from './wording.js';

export interface ClosestProbe {
  category: string;
  excess: number;
  prompt: string;
  sourceAnswer: string;
  suspectAnswer: string;
  /** The reference model whose answer is closest to the suspect's, and that answer. */
  nearestReference: { model: string; similarity: number; answer: string } | null;
}

/** An identity answer of the suspect that gives one of the source's names, with the question that drew it. */
export interface IdentityQuote {
  prompt: string;
  answer: string;
}

export interface ReportOptions extends ScoreOptions {
  /** Known related and independent pairs (the format of alpaca-dev's labels.json), to place the score among them. */
  labels?: PairLabels;
}

/** Everything a reader needs to weigh, and later re-check, one comparison. */
export interface EvidenceReport {
  /** The report in one paragraph of plain language: what was compared, the verdict, what it means and what it cannot show. */
  summary: string;
  generatedAt: string;
  toolVersion: string;
  database: string;
  comparison: CompareResult;
  /** Where the pair's score sits among every other pair of models in the store; null without a score. */
  population: PairPopulation | null;
  closestProbes: ClosestProbe[];
  /** How the closest probes worth reading were chosen, and how many were skipped. */
  closestProbeSelection: ClosestProbeSelection;
  identityQuotes: IdentityQuote[];
  glossary: GlossaryEntry[];
  /** Source and suspect first, then the references: which answers, exactly, the scores came from. */
  digests: ModelDigest[];
  /**
   * The store's seal chain when the report was made: its newest seal's hash and the number of seals.
   * `verify --report` checks that this seal is still in the chain, at this place.
   */
  seals: { head: string | null; count: number };
  runs: Record<string, RunRecord[]>;
}

/** Closest probes looked at before the filter: enough that five worth reading are usually among them. */
const CLOSEST_CANDIDATES = 40;
const IDENTITY_QUOTES = 3;

export async function buildEvidenceReport(
  store: Store,
  source: string,
  suspect: string,
  options: ReportOptions = {},
): Promise<EvidenceReport> {
  const scoring = forRepeatedScoring(options);
  const comparison = await compare(store, source, suspect, { ...scoring, closest: CLOSEST_CANDIDATES });
  const population =
    comparison.score === null ? null : pairPopulation(await matrix(store, scoring), [source, suspect], comparison.score, options.labels);
  const models = [source, suspect, ...comparison.references];

  const firstAnswer = (model: string, prompt: string) => store.responses.answersTo(model, prompt)[0] ?? '';
  const { chosen, selection } = selectClosest(comparison.closestProbes, (p) => ({
    source: firstAnswer(source, p.prompt),
    suspect: firstAnswer(suspect, p.prompt),
    references: new Map(comparison.references.map((m) => [m, firstAnswer(m, p.prompt)] as const).filter(([, text]) => text !== '')),
  }));
  const closestProbes: ClosestProbe[] = chosen.map(({ candidate: p, answers }) => ({
    category: p.category,
    excess: p.excess,
    prompt: promptText(store, p.prompt),
    sourceAnswer: answers.source,
    suspectAnswer: answers.suspect,
    nearestReference: p.nearestReference ? { ...p.nearestReference, answer: answers.references.get(p.nearestReference.model) ?? '' } : null,
  }));
  comparison.closestProbes = comparison.closestProbes.slice(0, 10);

  const report: Omit<EvidenceReport, 'summary'> = {
    generatedAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    database: store.path,
    comparison,
    population,
    closestProbes,
    closestProbeSelection: selection,
    identityQuotes: identityQuotes(store, comparison),
    glossary: glossary(comparison.references, comparison.verdictRule),
    digests: modelDigests(store, models),
    seals: { head: store.seals.head()?.hash ?? null, count: store.seals.count() },
    runs: Object.fromEntries([source, suspect].map((m) => [m, store.runs.ofModel(m)])),
  };
  return { summary: pairSummary(report), ...report };
}

export { CLOSEST_PROBE_RULE };

/** The suspect's identity answers that give one of the source's names, each once, with the prompt behind it. */
function identityQuotes(store: Store, comparison: CompareResult): IdentityQuote[] {
  const names = comparison.identity?.sourceNames ?? [];
  if (names.length === 0) return [];
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const naming = new RegExp(`(?<![\\p{L}\\p{N}])(${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  const seen = new Set<string>();
  const quotes: IdentityQuote[] = [];
  for (const row of store.responses.withPrompts([comparison.suspect], { categoryPrefix: IDENTITY_CATEGORY_PREFIX })) {
    const normalised = row.text.replace(/\s+/g, ' ').trim().toLowerCase();
    if (seen.has(normalised) || !naming.test(row.text)) continue;
    seen.add(normalised);
    quotes.push({ prompt: displayPrompt(row.messages), answer: row.text });
    if (quotes.length >= IDENTITY_QUOTES) break;
  }
  return quotes;
}

export function promptText(store: Store, sha256: string): string {
  return displayPrompt(store.prompts.messages(sha256) ?? []);
}

/** A prompt as a reader sees it: the message itself, or each message after its role when there are several. */
function displayPrompt(messages: readonly ChatMessage[]): string {
  return messages.map((m) => (messages.length > 1 ? `[${m.role}] ${m.content}` : m.content)).join('\n');
}
