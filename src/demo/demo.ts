import { forRepeatedScoring, matrix, rank, type MatrixResult, type RankResult } from '../analysis/index.js';
import { createStyleEmbedder } from '../embed/index.js';
import { buildEvidenceReport, renderHtml, reportDocument, type EvidenceReport } from '../report/index.js';
import { EXAMPLE_MODELS, collect, examplesPresent, EXAMPLES_ROOT, type CollectHooks, type RunSummary } from '../run/index.js';
import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { writeFileAtomically } from '../util/files.js';

/** The demo keeps its example models out of the user's own store unless told otherwise. */
export const DEMO_DB = './fingerprint-demo.db';
/** The pair the demo reports on: the student was built from orion's answers. */
export const DEMO_SOURCE = 'orion';
export const DEMO_SUSPECT = 'student';

/** The HTML report beside the store: fingerprint-demo.db → fingerprint-demo-report.html. */
export function demoReportPath(dbPath: string): string {
  return `${dbPath.replace(/\.(db|sqlite3?)$/i, '')}-report.html`;
}

export interface DemoOptions extends Pick<CollectHooks, 'progress' | 'notice' | 'handleSignals' | 'signal'> {
  /** Requests in flight per example model. */
  concurrency?: number;
  /** Where to write the HTML report; null for none. */
  reportPath?: string | null;
}

export interface DemoResult {
  run: RunSummary;
  /** The rest is null when the collection did not finish (interrupted). */
  matrix: MatrixResult | null;
  rank: RankResult | null;
  report: EvidenceReport | null;
  reportPath: string | null;
}

/**
 * The whole job offline, in seconds: the example models answer the default battery in-process, every
 * pair is scored with the built-in style view (nothing is downloaded), the student's most likely source
 * is ranked, and an evidence report on orion and the student is written as HTML.
 */
export async function runDemo(store: Store, options: DemoOptions = {}): Promise<DemoResult> {
  if (!examplesPresent()) throw new UserError(`the example models are missing from ${EXAMPLES_ROOT}`);
  for (const m of EXAMPLE_MODELS) {
    const stored = store.models.find(m.label);
    if (stored && stored.providerSpec !== m.spec) {
      throw new UserError(
        `${store.path} holds a model "${m.label}" from ${stored.providerSpec ?? stored.source}, not the demo's ${m.spec} ` +
          '(an earlier demo, or your own data): delete the file or give the demo another --db',
      );
    }
  }
  const run = await collect(
    store,
    {
      named: EXAMPLE_MODELS.map((m) => `${m.label}=${m.spec}`),
      battery: 'default',
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    },
    options,
  );
  if (run.status !== 'finished' || run.missing > 0) return { run, matrix: null, rank: null, report: null, reportPath: null };

  // One embedder, and one read of the answers and one similarity table, for the matrix, the ranking and the report.
  const style = createStyleEmbedder();
  const scoring = forRepeatedScoring({ embedders: [style] });
  const labels = EXAMPLE_MODELS.map((m) => m.label);
  let scores: MatrixResult;
  let ranking: RankResult;
  let report: EvidenceReport;
  try {
    scores = await matrix(store, { ...scoring, models: labels });
    ranking = await rank(store, DEMO_SUSPECT, scoring);
    report = await buildEvidenceReport(store, DEMO_SOURCE, DEMO_SUSPECT, scoring);
  } finally {
    await style.dispose?.();
  }
  const reportPath = options.reportPath === undefined ? demoReportPath(store.path) : options.reportPath;
  if (reportPath) writeFileAtomically(reportPath, [await renderHtml(reportDocument(report))]);
  return { run, matrix: scores, rank: ranking, report, reportPath };
}
