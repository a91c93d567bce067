/**
 * Accuracy of the scorer on labelled model pairs, in one run (issue 7):
 *   node dist/bench/accuracy.js [--sets dev,bench] [--embedder style]
 * For each data set (alpaca-dev: 16 models; alpaca-bench: 44 models; both × 150 AlpacaEval prompts):
 * ROC-AUC overall and per kind, the share of related pairs above every independent pair, TPR at 1% FPR,
 * teacher top-1 over the teacher panel (by the matrix's score, and in `rank --candidates PANEL`'s order), each
 * labelled pair's score, verdict counts per kind, and the time.
 * Targets (alpaca-bench): AUC ≥ 0.97, distilled AUC ≥ 0.93, ≥ 75% of related pairs above every
 * independent pair, true teacher first for ≥ 6 of 8, no independent pair `derived`; alpaca-dev AUC ≥ 0.99.
 * Then, for alpaca-bench, the same figures over `--halves` (default 30) seeded random halves of the
 * prompts, over `--drop-third` (default 10) runs with a random third of the models left out, and over
 * every choice of one distilled student per teacher with the other students left out (`--one-student`,
 * at most that many runs, default 64), each scored from scratch in a store of its own: how much each
 * figure moves with the prompts and with the population — a teacher with many students in it, or one —
 * which a single run cannot show (0 to skip any).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Store, ScoringCache } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { resolveEmbedders } from '../src/embed/index.js';
import { compare, matrix, rank } from '../src/analysis/index.js';
import {
  RELATED_KINDS,
  VERDICT_RULE,
  evaluateMatrix,
  labelledPairs,
  pairLabelsSchema,
  type PairLabels,
  type TeacherAttribution,
} from '../src/score/index.js';
import { seededRandom } from '../src/score/statistics.js';
import {
  BENCH_DIR,
  DEV_DIR,
  datasetFiles,
  datasetLabels,
  datasetPresent,
  peakRssMiB,
  readDevFile,
  seconds,
  type DevRecord,
} from './dev-data.js';
import { benchArgs, countFlag } from './flags.js';

const args = benchArgs({
  sets: { type: 'string', default: 'dev,bench' },
  embedder: { type: 'string', default: 'style' },
  halves: { type: 'string', default: '30' },
  'drop-third': { type: 'string', default: '10' },
  'one-student': { type: 'string', default: '64' },
});
// Read before any work: a bad count is a one-line error, not a protocol skipped after the first run.
const halves = countFlag('halves', args.halves);
const thirds = countFlag('drop-third', args['drop-third']);
const oneStudent = countFlag('one-student', args['one-student']);
const SETS: Record<string, { dir: string; title: string }> = {
  dev: { dir: DEV_DIR, title: 'alpaca-dev' },
  bench: { dir: BENCH_DIR, title: 'alpaca-bench' },
};
const f2 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2));
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

type RankOptions = Parameters<typeof rank>[2];

/** `rank` of each distilled student over the teacher panel as candidates (every model calibrating). */
async function rankPanel(
  store: Store,
  teachers: readonly TeacherAttribution[],
  labels: PairLabels,
  options: RankOptions,
): Promise<Array<{ teacher: TeacherAttribution; ranked: Awaited<ReturnType<typeof rank>> }>> {
  const out = [];
  for (const teacher of teachers) {
    const ranked = await rank(store, teacher.suspect, {
      ...options,
      ...(labels.teacher_panel ? { candidates: labels.teacher_panel.filter((m) => m !== teacher.suspect) } : {}),
    });
    out.push({ teacher, ranked });
  }
  return out;
}

async function evaluate(name: string, dir: string, work: string): Promise<void> {
  const start = performance.now();
  const store = Store.open(join(work, `${name}.db`));
  importTranscripts(store, datasetFiles(dir), { format: 'alpaca-eval' });
  const labels = pairLabelsSchema.parse(datasetLabels(dir));
  const { embedders } = await resolveEmbedders(args.embedder, { allowRemote: false });
  const cache = ScoringCache.open(ScoringCache.pathFor(store.path));
  const options = { embedders, cache };

  const matrixStart = performance.now();
  const grid = await matrix(store, options);
  const matrixMs = performance.now() - matrixStart;
  const evaluation = evaluateMatrix(grid, labels);

  const verdictsStart = performance.now();
  const verdicts = new Map<string, Map<string, number>>();
  const verdictOf = new Map<string, string>();
  let independentLowerEnd = -Infinity; // the margin the derived rule's interval condition has over them
  for (const pair of labelledPairs(labels)) {
    const { verdict, ci } = await compare(store, pair.source, pair.suspect, options);
    verdictOf.set(`${pair.source}\t${pair.suspect}`, verdict);
    if (pair.kind === 'independent' && ci) independentLowerEnd = Math.max(independentLowerEnd, ci[0]);
    const byKind = verdicts.get(pair.kind) ?? new Map<string, number>();
    byKind.set(verdict, (byKind.get(verdict) ?? 0) + 1);
    verdicts.set(pair.kind, byKind);
  }
  const verdictsMs = performance.now() - verdictsStart;

  // `rank` over the teacher panel as candidates, every model calibrating: its order follows the views' consensus.
  const rankStart = performance.now();
  const attributions: string[] = [];
  let rankFirsts = 0;
  for (const { teacher: t, ranked } of await rankPanel(store, evaluation.teachers, labels, options)) {
    const top = ranked.ranking[0];
    if (top?.model === t.source) rankFirsts++;
    attributions.push(
      `${t.suspect.padEnd(34)} ${top ? `${top.model} (view rank ${f2(top.viewRank)}, score ${f2(top.score)}, ${top.verdict})` : '–'}; attribution ${ranked.attribution.answer}`,
    );
  }
  const rankMs = performance.now() - rankStart;
  cache.close();
  store.close();

  const related = evaluation.pairs.filter((p) => p.kind !== 'independent');
  const independent = evaluation.pairs.filter((p) => p.kind === 'independent');
  console.log(
    `${name}: ${grid.models.length} models, ${related.length} related and ${independent.length} independent pairs, views ${grid.embedder}`,
  );
  console.log(`  ROC-AUC            ${f3(evaluation.auc)}   (raw cosine ${f3(evaluation.aucRaw)})`);
  console.log(`  ROC-AUC by kind    ${RELATED_KINDS.map((k) => `${k} ${f3(evaluation.aucByKind[k])}`).join('   ')}`);
  console.log(`  above every independent pair  ${pct(evaluation.aboveAllIndependent)} of related pairs`);
  const op = evaluation.at1PercentFpr;
  console.log(`  TPR at 1% FPR      ${pct(op.tpr)} (threshold ${f2(op.threshold)}, ${op.falsePositives} independent pairs above it)`);
  const firsts = evaluation.teachers.filter((t) => t.rank === 1).length;
  console.log(
    `  teacher top-1      ${firsts} of ${evaluation.teachers.length} (over ${labels.teacher_panel ? 'the teacher panel' : 'all models'})`,
  );
  for (const t of evaluation.teachers)
    console.log(`    ${t.suspect.padEnd(34)} ${t.source} ranked #${t.rank} of ${t.candidates}${t.rank === 1 ? '' : ` (top: ${t.top})`}`);
  console.log(
    `  rank's first       ${rankFirsts} of ${evaluation.teachers.length} (the ${labels.teacher_panel ? 'teacher panel' : 'other models'} as candidates, every model calibrating; order by the views' consensus):`,
  );
  for (const line of attributions) console.log(`    ${line}`);
  console.log('  verdicts of compare per kind:');
  for (const kind of [...RELATED_KINDS, 'independent'] as const) {
    const counts = verdicts.get(kind);
    if (counts)
      console.log(
        `    ${kind.padEnd(12)} ${[...counts]
          .sort()
          .map(([v, n]) => `${v} ${n}`)
          .join(', ')}`,
      );
  }
  console.log('  related pairs (score, raw cosine, verdict):');
  for (const p of related.sort((x, y) => (x.score ?? -Infinity) - (y.score ?? -Infinity))) {
    console.log(
      `    ${p.kind.padEnd(10)} ${f2(p.score).padStart(6)} ${f2(p.raw).padStart(6)} ${verdictOf.get(`${p.source}\t${p.suspect}`)!.padEnd(13)} ${p.source} → ${p.suspect}`,
    );
  }
  console.log('  the five highest independent pairs:');
  for (const p of independent.sort((x, y) => (y.score ?? -Infinity) - (x.score ?? -Infinity)).slice(0, 5)) {
    console.log(
      `    ${f2(p.score).padStart(6)} ${f2(p.raw).padStart(6)} ${verdictOf.get(`${p.source}\t${p.suspect}`)!.padEnd(13)} ${p.source} × ${p.suspect}`,
    );
  }
  console.log(
    `  independent pairs: largest score ${f2(Math.max(...independent.map((p) => p.score ?? -Infinity)))}, ` +
      `largest lower end of a 95% interval ${f2(independentLowerEnd)} (derived needs ${VERDICT_RULE.derivedMinScore} and ${VERDICT_RULE.derivedMinLower})`,
  );
  console.log(
    `  time: matrix ${seconds(matrixMs)} s (embedding included), ${labelledPairs(labels).length} compares ${seconds(verdictsMs)} s, ` +
      `${evaluation.teachers.length} ranks ${seconds(rankMs)} s, total ${seconds(performance.now() - start)} s; peak RSS ${peakRssMiB()} MiB`,
  );
}

interface RunFigures {
  auc: number;
  distilled: number;
  above: number;
  largestIndependent: number;
  teacherByScore: number;
  teacherByRank: number;
  students: number;
}

/** The labels of the models present: pairs with both ends present, groups and panel cut to them. */
function labelsAmong(labels: PairLabels, present: ReadonlySet<string>): PairLabels {
  const both = ([a, b]: [string, string]) => present.has(a) && present.has(b);
  return {
    ...labels,
    wrapped: labels.wrapped.filter(both),
    finetuned: labels.finetuned.filter(both),
    distilled: labels.distilled.filter(both),
    independent_groups: Object.fromEntries(
      Object.entries(labels.independent_groups).map(([group, models]) => [group, models.filter((m) => present.has(m))]),
    ),
    ...(labels.teacher_panel ? { teacher_panel: labels.teacher_panel.filter((m) => present.has(m)) } : {}),
  };
}

/** A seeded random sample of `count` of `items` (in their order). */
function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const picked = new Set(
    items
      .map((_, i) => [random(), i] as const)
      .sort((a, b) => a[0] - b[0])
      .slice(0, count)
      .map(([, i]) => i),
  );
  return items.filter((_, i) => picked.has(i));
}

/**
 * The figures over resampled versions of a data set — some of its prompts, or some of its models — each
 * written to files of its own, imported into a fresh store and scored from scratch (every
 * standardisation and background recomputed on what is left).
 */
interface DataSet {
  labels: PairLabels;
  files: ReadonlyArray<{ file: string; records: DevRecord[] }>;
}

async function overRuns(
  title: string,
  { labels: allLabels, files }: DataSet,
  work: string,
  runs: ReadonlyArray<{ models: ReadonlySet<string>; prompts: ReadonlySet<string> }>,
): Promise<void> {
  const start = performance.now();
  const { embedders } = await resolveEmbedders(args.embedder, { allowRemote: false });
  const figures: RunFigures[] = [];
  for (const [r, run] of runs.entries()) {
    const folder = join(work, `run-${r}`);
    mkdirSync(folder);
    const runFiles = files
      .filter(({ records }) => records.length > 0 && run.models.has(records[0]!.generator))
      .map(({ file, records }) => {
        const path = join(folder, file);
        writeFileSync(path, JSON.stringify(records.filter((x) => run.prompts.has(x.instruction))));
        return path;
      });
    const store = Store.open(join(folder, 'run.db'));
    importTranscripts(store, runFiles, { format: 'alpaca-eval' });
    const cache = ScoringCache.open(ScoringCache.pathFor(store.path));
    const options = { embedders, cache };
    const labels = labelsAmong(allLabels, run.models);
    const evaluation = evaluateMatrix(await matrix(store, options), labels);
    const teacherByRank = (await rankPanel(store, evaluation.teachers, labels, options)).filter(
      ({ teacher, ranked }) => ranked.ranking[0]?.model === teacher.source,
    ).length;
    cache.close();
    store.close();
    rmSync(folder, { recursive: true, force: true });
    const independent = evaluation.pairs.filter((p) => p.kind === 'independent').map((p) => p.score ?? -Infinity);
    figures.push({
      auc: evaluation.auc,
      distilled: evaluation.aucByKind.distilled,
      above: evaluation.aboveAllIndependent,
      largestIndependent: Math.max(...independent),
      teacherByScore: evaluation.teachers.filter((t) => t.rank === 1).length,
      teacherByRank,
      students: evaluation.teachers.length,
    });
  }
  const line = (label: string, values: number[], format: (x: number) => string) => {
    const known = values.filter(Number.isFinite);
    const mean = known.reduce((a, b) => a + b, 0) / known.length;
    const where = known.length < values.length ? ` (${known.length} runs with such pairs)` : '';
    console.log(`  ${label.padEnd(38)} mean ${format(mean)}, from ${format(Math.min(...known))} to ${format(Math.max(...known))}${where}`);
  };
  console.log(`${title}, every figure recomputed on each run:`);
  const rows: Array<[string, (f: RunFigures) => number, (x: number) => string]> = [
    ['ROC-AUC', (f) => f.auc, f3],
    ['ROC-AUC, distilled pairs', (f) => f.distilled, f3],
    ['related pairs above every independent', (f) => f.above, pct],
    ['largest independent score', (f) => f.largestIndependent, f2],
  ];
  for (const [label, figure, format] of rows) line(label, figures.map(figure), format);
  const sum = (k: 'teacherByScore' | 'teacherByRank' | 'students') => figures.reduce((a, f) => a + f[k], 0);
  console.log(`  teacher first by score                 ${sum('teacherByScore')} of ${sum('students')}`);
  console.log(`  teacher first in rank's order          ${sum('teacherByRank')} of ${sum('students')}`);
  console.log(`  time ${seconds(performance.now() - start)} s`);
}

/** Resamples of a data set: seeded halves of its prompts, seeded two thirds of its models, one student per teacher. */
async function resampled(name: string, dir: string, work: string): Promise<void> {
  const data: DataSet = {
    labels: pairLabelsSchema.parse(datasetLabels(dir)),
    files: datasetFiles(dir).map((file) => ({ file: basename(file), records: readDevFile(file) })),
  };
  const models = data.files.filter((f) => f.records.length > 0).map((f) => f.records[0]!.generator);
  const prompts = [...new Set(data.files[0]!.records.map((r) => r.instruction))].sort();
  // Each protocol draws from a generator of its own, so that one's runs do not depend on whether the other ran.
  if (halves > 0) {
    const halfRandom = seededRandom(11);
    const runs = Array.from({ length: halves }, () => ({
      models: new Set(models),
      prompts: new Set(sample(prompts, Math.floor(prompts.length / 2), halfRandom)),
    }));
    await overRuns(
      `${name} over ${halves} random halves of the prompts (${Math.floor(prompts.length / 2)} each, seed 11)`,
      data,
      work,
      runs,
    );
  }
  if (thirds > 0) {
    const keep = models.length - Math.floor(models.length / 3);
    const thirdRandom = seededRandom(12);
    const runs = Array.from({ length: thirds }, () => ({ models: new Set(sample(models, keep, thirdRandom)), prompts: new Set(prompts) }));
    await overRuns(
      `${name} with a random third of its models left out, ${thirds} times (${keep} of ${models.length} kept, seed 12)`,
      data,
      work,
      runs,
    );
  }
  if (oneStudent > 0 && data.labels.distilled.length > 0) {
    const studentsOf = new Map<string, string[]>();
    for (const [teacher, student] of data.labels.distilled) studentsOf.set(teacher, [...(studentsOf.get(teacher) ?? []), student]);
    const choices = [...studentsOf.values()]
      .reduce<string[][]>((combos, students) => combos.flatMap((combo) => students.map((s) => [...combo, s])), [[]])
      .slice(0, oneStudent);
    const students = new Set(data.labels.distilled.map(([, student]) => student));
    const runs = choices.map((kept) => ({
      models: new Set(models.filter((m) => !students.has(m) || kept.includes(m))),
      prompts: new Set(prompts),
    }));
    await overRuns(
      `${name} with one distilled student per teacher, the others left out (${runs.length} runs, every choice)`,
      data,
      work,
      runs,
    );
  }
}

const work = mkdtempSync(join(tmpdir(), 'llmfp-bench-accuracy-'));
try {
  for (const name of args.sets.split(',').map((s) => s.trim())) {
    const set = SETS[name];
    if (!set) throw new Error(`unknown set ${name}: use dev, bench`);
    if (!datasetPresent(set.dir)) {
      console.log(`${set.title}: not found at ${set.dir}; skipped`);
      continue;
    }
    await evaluate(set.title, set.dir, work);
    if (name === 'bench') await resampled(set.title, set.dir, work);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
