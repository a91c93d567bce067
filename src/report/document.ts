import type { EvidenceReport } from './evidence-report.js';
import { VERDICT_RULE } from '../score/index.js';
import { count, fixed, interval, pValue } from '../util/numbers.js';
import { intervalChart, pairDistributionChart, permutationNullChart, type ChartSpec } from './charts/index.js';
import { claimsConclusion, identityConclusion, ruleChecks, sameModelConclusion, type GlossaryEntry } from './wording.js';

/** A report as format-neutral blocks; renderers turn it into Markdown or HTML. */
export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; head: string[]; rows: string[][] }
  | { type: 'list'; items: string[] }
  | { type: 'excerpt'; label: string; text: string }
  /** Texts to read side by side (source, suspect, nearest reference). */
  | { type: 'side-by-side'; columns: Array<{ label: string; text: string }> }
  | { type: 'definitions'; items: GlossaryEntry[] }
  /** A chart: drawn to inline SVG in HTML; `description` says what it shows, in words, for every format. */
  | { type: 'chart'; description: string; spec: ChartSpec };

const EXCERPT_CHARS = 600;
const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)} […]` : text);
const THRESHOLD = { value: VERDICT_RULE.derivedMinScore, label: `derived threshold (${VERDICT_RULE.derivedMinScore})` };

export function reportDocument(report: EvidenceReport): Block[] {
  const c = report.comparison;
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: `How alike are ${c.source} and ${c.suspect}?` },
    { type: 'paragraph', text: report.summary },
    ...verdictBlocks(report),
    ...populationBlocks(report),
    ...categoryBlocks(report),
    ...permutationBlocks(report),
  ];
  if (c.views.length > 1) {
    blocks.push(
      { type: 'heading', level: 2, text: 'Scores by view' },
      {
        type: 'table',
        head: ['view', 'embedder id', 'calibrated score', 'probes'],
        rows: c.views.map((v) => [v.view, v.embedder, fixed(v.score), String(v.probes)]),
      },
    );
  }
  blocks.push(...identityBlocks(report), { type: 'heading', level: 2, text: 'Same-model test' });
  blocks.push({ type: 'paragraph', text: sameModelConclusion(c, c.testedProbes) });
  blocks.push(...closestBlocks(report));
  blocks.push({ type: 'heading', level: 2, text: 'Glossary' }, { type: 'definitions', items: report.glossary });
  blocks.push(...provenanceBlocks(report));
  return blocks;
}

function verdictBlocks(report: EvidenceReport): Block[] {
  const c = report.comparison;
  return [
    { type: 'heading', level: 2, text: 'Verdict' },
    {
      type: 'table',
      head: ['verdict', 'calibrated score', '95% interval', 'p-value', 'raw cosine', 'probes', 'reference models', 'views'],
      rows: [
        [
          c.verdict,
          fixed(c.score),
          interval(c.ci),
          pValue(c.pValue),
          fixed(c.raw, 3),
          String(c.probes),
          String(c.references.length),
          c.embedder,
        ],
      ],
    },
    ...(c.whyNoScore ? [{ type: 'paragraph' as const, text: `No calibrated score: ${c.whyNoScore}.` }] : []),
    { type: 'paragraph', text: 'Each condition of the rule, the value for this pair, and whether it holds:' },
    {
      type: 'table',
      head: ['verdict', 'condition', 'this pair', 'holds'],
      rows: ruleChecks(c, c.verdictRule).map((r) => [r.verdict, r.condition, r.value, r.met === null ? '–' : r.met ? 'yes' : 'no']),
    },
    { type: 'paragraph', text: `The full rule (provisional): ${VERDICT_RULE.description}` },
  ];
}

function populationBlocks(report: EvidenceReport): Block[] {
  const c = report.comparison;
  const pop = report.population;
  if (!pop || c.score === null) return [];
  const labelled = pop.labelled !== null;
  const groups = ['this pair', ...(labelled ? ['labelled related', 'labelled independent'] : []), 'other pairs'];
  const group = (label: string | null) =>
    label === 'related' ? 'labelled related' : label === 'independent' ? 'labelled independent' : 'other pairs';
  const points = [
    { score: c.score, group: 'this pair', label: `${c.source} × ${c.suspect}` },
    ...pop.pairs.map((p) => ({ score: p.score, group: group(p.label), label: p.models.join(' × ') })),
  ];
  const top = pop.pairs.slice(0, 5).map((p) => [p.models.join(' × '), fixed(p.score), p.label ?? '']);
  return [
    { type: 'heading', level: 2, text: 'This pair among every pair in the store' },
    {
      type: 'chart',
      description:
        `Calibrated scores of all ${pop.pairs.length + 1} pairs of models in the store, one tick per pair; ` +
        `the diamond is ${c.source} × ${c.suspect} at ${fixed(c.score)}; the dashed line is the derived threshold (${VERDICT_RULE.derivedMinScore}).`,
      spec: pairDistributionChart(points, groups, THRESHOLD),
    },
    { type: 'paragraph', text: `The other pairs with the highest scores:` },
    {
      type: 'table',
      head: ['pair', 'calibrated score', ...(labelled ? ['label'] : [])],
      rows: top.map((row) => (labelled ? row : row.slice(0, 2))),
    },
  ];
}

function categoryBlocks(report: EvidenceReport): Block[] {
  const categories = Object.entries(report.comparison.categories);
  const rows = categories
    .filter(([, s]) => s.score !== null)
    .map(([name, s]) => ({ name, score: s.score!, low: s.ci?.[0] ?? null, high: s.ci?.[1] ?? null }));
  return [
    { type: 'heading', level: 2, text: 'Scores by probe category' },
    ...(rows.length
      ? [
          {
            type: 'chart' as const,
            description:
              'The calibrated score of each probe category (dot) with its 95% interval (line); 0 and the derived threshold are marked.',
            spec: intervalChart(rows, 'probe category', THRESHOLD),
          },
        ]
      : []),
    {
      type: 'table',
      head: ['category', 'probes', 'calibrated score', '95% interval', 'p-value', 'raw cosine'],
      rows: categories.map(([name, s]) => [name, String(s.probes), fixed(s.score), interval(s.ci), pValue(s.pValue), fixed(s.raw, 3)]),
    },
    {
      type: 'paragraph',
      text: 'Categories hold few probes each, so their intervals are wide; the overall score, not any one category, carries the verdict.',
    },
  ];
}

function permutationBlocks(report: EvidenceReport): Block[] {
  const c = report.comparison;
  const n = c.permutationNull;
  if (!n) return [];
  const flips = n.histogram.counts.reduce((a, b) => a + b, 0);
  return [
    { type: 'heading', level: 2, text: 'Could chance explain it?' },
    {
      type: 'chart',
      description:
        `The permutation test: the trimmed average excess similarity over probes after ${flips.toLocaleString('en-US')} random sign flips (bars) ` +
        `and the observed one, ${fixed(n.observed, 3)} (red line).`,
      spec: permutationNullChart(n.histogram, n.observed, `observed ${fixed(n.observed, 3)}`),
    },
    {
      type: 'paragraph',
      text:
        `For each probe, the excess similarity is how much closer the pair's answers are than the answers of each model and the references. ` +
        `If the pair were no closer than the references, each probe's excess would be as likely negative as positive; the bars show the ` +
        `average (trimmed, as the score's is) under ${flips.toLocaleString('en-US')} such random sign assignments. The p-value (${pValue(n.pValue)}) ` +
        'is the share of them at or beyond the observed average (red line), the observed one counted among them, so it is never 0' +
        (n.pValue <= 1 / (flips + 1) + 1e-12
          ? `: here none reached it, and ${pValue(n.pValue)} is the smallest value the test can give.`
          : '.'),
    },
  ];
}

const percent = (rate: number | null) => (rate === null ? '–' : `${(100 * rate).toFixed(1)}%`);

function identityBlocks(report: EvidenceReport): Block[] {
  const heading: Block = { type: 'heading', level: 2, text: 'Identity claims' };
  // Neither reading has anything to go on: say so once, not once per reading.
  if (!report.comparison.identity && !report.comparison.identityClaims) {
    return [heading, { type: 'paragraph', text: identityConclusion(report.comparison) }];
  }
  const blocks: Block[] = [heading, { type: 'paragraph', text: claimsConclusion(report.comparison) }];
  const claims = report.comparison.identityClaims;
  if (claims?.sourceMaker) {
    const row = (who: string, n: { claims: number; answers: number; rate: number | null }) => [
      who,
      String(n.answers),
      String(n.claims),
      percent(n.rate),
    ];
    blocks.push({
      type: 'table',
      head: ['answers of', 'identity answers', `claiming ${claims.sourceMaker}`, 'rate'],
      rows: [
        row(report.comparison.source, claims.source),
        row(report.comparison.suspect, claims.suspect),
        row(count(claims.references.models, 'reference model'), claims.references),
      ],
    });
  }
  blocks.push({ type: 'paragraph', text: identityConclusion(report.comparison) });
  report.identityQuotes.forEach((q, i) =>
    blocks.push({
      type: 'side-by-side',
      columns: [
        { label: `identity probe ${i + 1}`, text: excerpt(q.prompt) },
        { label: `${report.comparison.suspect}'s answer`, text: excerpt(q.answer) },
      ],
    }),
  );
  return blocks;
}

function closestBlocks(report: EvidenceReport): Block[] {
  const c = report.comparison;
  const s = report.closestProbeSelection;
  const skipped = [
    s.tooShort
      ? `${s.tooShort} because an answer had fewer than ${s.rule.minWords} words (such as "x = 8" or "C", which any correct model gives)`
      : '',
    s.common
      ? `${s.common} because at least ${s.rule.sharedBy * 100}% of the reference models gave a near-identical answer (${s.rule.nearIdentical * 100}% of the words shared)`
      : '',
  ].filter(Boolean);
  const blocks: Block[] = [
    { type: 'heading', level: 2, text: 'Closest probes worth reading' },
    {
      type: 'paragraph',
      text:
        `The probes where ${c.suspect}'s answer is closest to ${c.source}'s relative to the references, with the first answer of each model and of ` +
        "the nearest reference model (the reference whose answer is closest to the suspect's), for contrast. " +
        `Of the ${count(s.candidates, 'closest probe')} looked at, ${skipped.length ? `${s.tooShort + s.common} ${s.tooShort + s.common === 1 ? 'was' : 'were'} skipped: ${skipped.join('; ')}.` : 'none was skipped.'}`,
    },
  ];
  if (report.closestProbes.length === 0) blocks.push({ type: 'paragraph', text: 'No probe was left to show.' });
  for (const probe of report.closestProbes) {
    const reference = probe.nearestReference;
    blocks.push(
      { type: 'heading', level: 3, text: `${probe.category} (excess similarity ${fixed(probe.excess, 3)})` },
      { type: 'excerpt', label: 'prompt', text: excerpt(probe.prompt) },
      {
        type: 'side-by-side',
        columns: [
          { label: `${c.source} (source)`, text: excerpt(probe.sourceAnswer) },
          { label: `${c.suspect} (suspect)`, text: excerpt(probe.suspectAnswer) },
          ...(reference ? [{ label: `${reference.model} (nearest reference)`, text: excerpt(reference.answer) }] : []),
        ],
      },
    );
  }
  return blocks;
}

function provenanceBlocks(report: EvidenceReport): Block[] {
  const c = report.comparison;
  const blocks: Block[] = [
    { type: 'heading', level: 2, text: 'Provenance' },
    {
      type: 'list',
      items: [
        `Generated ${report.generatedAt} by llm-fingerprint ${report.toolVersion} from ${report.database}.`,
        `Embedders: ${[...new Set(c.views.map((v) => v.embedder))].join(', ')}.`,
        c.calibration
          ? `Verdict thresholds: from the calibration file ${c.calibration.file} (sha256 ${c.calibration.sha256}); derived needs a score of at least ${fixed(c.calibration.threshold)}.`
          : "Verdict thresholds: the tool's defaults.",
        'Each digest is the sha256 of the sorted lines "prompt sha256, sample index, answer sha256" of a model\'s stored answers; ' +
          '`llm-fingerprint verify` recomputes every stored hash, and `verify --report` checks the store against the JSON form of this report.',
        report.seals.head
          ? `Seal chain head when this report was made: seal ${report.seals.count}, ${report.seals.head}.`
          : 'The store holds no seals (it was written before seals existed).',
      ],
    },
    {
      type: 'table',
      head: ['model', 'role', 'answers', 'digest (sha256)'],
      rows: report.digests.map((d, i) => [d.model, i === 0 ? 'source' : i === 1 ? 'suspect' : 'reference', String(d.responses), d.sha256]),
    },
  ];
  const unsealed = Object.values(report.runs)
    .flat()
    .filter((r) => r.seal === null);
  const ids = [...new Set(unsealed.map((r) => r.id))];
  blocks.push({
    type: 'paragraph',
    text:
      ids.length === 0
        ? `Every run behind ${c.source}'s and ${c.suspect}'s answers is sealed: an edit to any of them since, or to what was recorded with them, is found by \`llm-fingerprint verify\`.`
        : `Not sealed: ${ids.length === 1 ? 'run' : 'runs'} ${ids.join(', ')} (a live run still going or stopped before its end, or a file older than seals). ` +
          `${unsealed.reduce((n, r) => n + r.answers, 0)} of the answers of ${c.source} and ${c.suspect} come from ${ids.length === 1 ? 'it' : 'them'} ` +
          'and were checked only against their own hashes, which anyone who can edit the file can rewrite; `llm-fingerprint verify --strict` fails on them.',
  });
  for (const [model, runs] of Object.entries(report.runs)) {
    blocks.push(
      { type: 'heading', level: 3, text: `Runs behind ${model}` },
      {
        type: 'table',
        head: ['run', 'kind', 'status', 'started', 'tool', 'battery (sha256)', 'source (sha256)', 'answers', 'seal'],
        rows: runs.map((r) => [
          String(r.id),
          r.kind,
          r.status,
          r.startedAt,
          r.toolVersion,
          r.battery ? `${r.battery} (${r.batteryHash})` : '–',
          r.source ? `${r.source}${r.sourceSha256 ? ` (${r.sourceSha256})` : ''}` : '–',
          String(r.answers),
          r.seal === null ? 'not sealed' : String(r.seal),
        ]),
      },
    );
  }
  return blocks;
}

/** Blocks of one report nested under another's heading: every heading one level deeper. */
export function nested(blocks: readonly Block[]): Block[] {
  return blocks.map((b) => (b.type === 'heading' ? { ...b, level: Math.min(4, b.level + 1) as 2 | 3 | 4 } : b));
}
