import type { Store } from '../store/index.js';
import { rank, forRepeatedScoring, type RankResult } from '../analysis/index.js';
import { VERDICT_RULE } from '../score/index.js';
import { TOOL_VERSION } from '../util/package-info.js';
import { fixed, interval, pValue } from '../util/numbers.js';
import { intervalChart } from './charts/index.js';
import { buildEvidenceReport, type EvidenceReport, type ReportOptions } from './evidence-report.js';
import { nested, reportDocument, type Block } from './document.js';
import { caseSummary } from './summary.js';

/** A case: which stored model a suspect is closest to — the ranking of every candidate, then the top pair's evidence. */
export interface CaseReport {
  summary: string;
  generatedAt: string;
  toolVersion: string;
  database: string;
  ranking: RankResult;
  /** The evidence report on the first candidate of the ranking and the suspect; null when no candidate has a score. */
  top: EvidenceReport | null;
}

export async function buildCaseReport(store: Store, suspect: string, options: ReportOptions = {}): Promise<CaseReport> {
  const scoring = forRepeatedScoring(options);
  const ranking = await rank(store, suspect, scoring);
  const first = ranking.ranking.find((r) => r.score !== null);
  const top = first ? await buildEvidenceReport(store, first.model, suspect, scoring) : null;
  return {
    summary: caseSummary(ranking, top),
    generatedAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    database: store.path,
    ranking,
    top,
  };
}

export function caseDocument(report: CaseReport): Block[] {
  const { ranking } = report;
  const rows = ranking.ranking
    .filter((r) => r.score !== null)
    .map((r) => ({ name: r.model, score: r.score!, low: r.ci?.[0] ?? null, high: r.ci?.[1] ?? null }));
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: `Which stored model is ${ranking.suspect} closest to?` },
    { type: 'paragraph', text: report.summary },
    { type: 'heading', level: 2, text: 'Every candidate source, most likely first' },
  ];
  if (rows.length) {
    blocks.push({
      type: 'chart',
      description: `The calibrated score of each candidate with ${ranking.suspect} (dot) and its 95% interval (line); 0 and the derived threshold are marked.`,
      spec: intervalChart(rows, 'candidate source', {
        value: VERDICT_RULE.derivedMinScore,
        label: `derived threshold (${VERDICT_RULE.derivedMinScore})`,
      }),
    });
  }
  blocks.push({
    type: 'table',
    head: [
      '#',
      'candidate',
      'mean rank over the views',
      'calibrated score',
      '95% interval',
      'p-value (Holm)',
      'verdict',
      'raw cosine',
      'probes',
    ],
    rows: ranking.ranking.map((r, i) => [
      String(i + 1),
      r.model,
      fixed(r.viewRank, 1),
      r.score === null ? `– (${r.whyNoScore ?? 'no score'})` : fixed(r.score),
      interval(r.ci),
      pValue(r.pValue),
      r.verdict,
      fixed(r.raw, 3),
      String(r.probes),
    ]),
  });
  blocks.push({
    type: 'paragraph',
    text:
      'The order: each view ranks the candidates by its own calibrated score, and the candidate with the best mean rank comes first ' +
      '(the calibrated score breaks ties), so that a candidate every view puts near the top comes before one that some views lift and another sinks. ' +
      `p-values are Holm-adjusted over the ${ranking.ranking.length} candidates: trying many candidates makes a small p-value likelier by chance, ` +
      'and the adjustment accounts for it. The intervals here come from fewer resamples of the probes per candidate than the evidence on ' +
      'the closest pair below, so the two intervals for that pair can differ in the second decimal; the one below is the more precise.',
  });
  if (report.top) blocks.push(...nested(reportDocument(report.top)));
  return blocks;
}
