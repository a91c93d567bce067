import type { EvidenceReport } from './evidence-report.js';
import { VERDICT_RULE } from '../score/index.js';

/** A report as format-neutral blocks; renderers turn it into Markdown or HTML. */
export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; head: string[]; rows: string[][] }
  | { type: 'list'; items: string[] }
  | { type: 'excerpt'; label: string; text: string };

const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const p = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x < 0.001 ? x.toExponential(1) : x.toFixed(3));
const ci = (c: readonly [number, number] | null) => (c ? `${num(c[0])} to ${num(c[1])}` : '–');
const EXCERPT_CHARS = 600;
const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)} […]` : text);

export function reportDocument(report: EvidenceReport): Block[] {
  const c = report.comparison;
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: `Does ${c.suspect} reproduce ${c.source}?` },
    {
      type: 'paragraph',
      text:
        `Verdict: ${c.verdict}. Calibrated score ${num(c.score)} (95% interval ${ci(c.ci)}), one-sided p ${p(c.pValue)}, ` +
        `raw cosine ${num(c.raw, 3)}, over ${c.probes} probes both models answered, scored with the ${c.embedder} view(s) ` +
        `against ${c.references.length} reference models.`,
    },
    { type: 'paragraph', text: `Rule: ${VERDICT_RULE.description}` },
    { type: 'heading', level: 2, text: 'Scores by probe category' },
    {
      type: 'table',
      head: ['category', 'probes', 'calibrated score', '95% interval', 'p', 'raw cosine'],
      rows: Object.entries(c.categories).map(([name, s]) => [name, String(s.probes), num(s.score), ci(s.ci), p(s.pValue), num(s.raw, 3)]),
    },
  ];
  if (c.views.length > 1) {
    blocks.push(
      { type: 'heading', level: 2, text: 'Scores by view' },
      {
        type: 'table',
        head: ['view', 'embedder id', 'calibrated score', 'raw cosine', 'probes'],
        rows: c.views.map((v) => [v.view, v.embedder, num(v.score), num(v.raw, 3), String(v.probes)]),
      },
    );
  }

  blocks.push({ type: 'heading', level: 2, text: 'Identity' });
  if (!c.identity) blocks.push({ type: 'paragraph', text: 'No identity probes were answered by both models.' });
  else {
    const names = c.identity.sourceNames.join(', ') || 'none found';
    blocks.push({
      type: 'paragraph',
      text:
        `${c.source} calls itself by these names, which the references do not use: ${names}. ` +
        `${c.suspect} gives one of them in ${c.identity.naming} of its ${c.identity.suspectAnswers} answers to identity probes.`,
    });
    c.identity.examples.forEach((text, i) => blocks.push({ type: 'excerpt', label: `${c.suspect}, identity answer ${i + 1}`, text }));
  }

  blocks.push({ type: 'heading', level: 2, text: 'Same-model test' });
  blocks.push({
    type: 'paragraph',
    text: c.sameModel
      ? `Kernel MMD over ${c.sameModel.probes} probes with several samples from both models: p ${p(c.sameModel.pValue)} ` +
        `for "both draw their answers from the same distribution".`
      : 'Not run: it needs several samples per probe from both models (collect with run --samples N).',
  });

  blocks.push({ type: 'heading', level: 2, text: 'Where the two are closest' });
  blocks.push({
    type: 'paragraph',
    text: 'The probes where the suspect is closest to the source relative to the references (excess centred similarity), with the first answer of each.',
  });
  for (const probe of report.closestProbes) {
    blocks.push(
      { type: 'heading', level: 3, text: `${probe.category} (excess ${num(probe.excess, 3)})` },
      { type: 'excerpt', label: 'prompt', text: excerpt(probe.prompt) },
      { type: 'excerpt', label: c.source, text: excerpt(probe.sourceAnswer) },
      { type: 'excerpt', label: c.suspect, text: excerpt(probe.suspectAnswer) },
    );
  }

  blocks.push(
    { type: 'heading', level: 2, text: 'Provenance' },
    {
      type: 'list',
      items: [
        `Generated ${report.generatedAt} by llm-fingerprint ${report.toolVersion} from ${report.database}.`,
        `Embedders: ${c.views.map((v) => v.embedder).join(', ')}.`,
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
  );
  for (const [model, runs] of Object.entries(report.runs)) {
    blocks.push(
      { type: 'heading', level: 3, text: `Runs behind ${model}` },
      {
        type: 'table',
        head: ['run', 'kind', 'status', 'started', 'tool', 'battery', 'source', 'answers'],
        rows: runs.map((r) => [
          String(r.id),
          r.kind,
          r.status,
          r.startedAt,
          r.toolVersion,
          r.battery ? `${r.battery} (${r.batteryHash!.slice(0, 12)})` : '–',
          r.source ? `${r.source}${r.sourceSha256 ? ` (sha256 ${r.sourceSha256.slice(0, 12)})` : ''}` : '–',
          String(r.answers),
        ]),
      },
    );
  }
  return blocks;
}
