import type { MatrixResult } from '../analysis/index.js';
import { VERDICT_RULE } from '../score/index.js';
import { count, fixed } from '../util/numbers.js';
import { heatmapChart } from './charts/index.js';
import type { Block } from './document.js';
import { glossary } from './wording.js';

/** The matrix as a page: a heat map of every pair's calibrated score, the same numbers as a table, and why any is missing. */
export function matrixDocument(result: MatrixResult): Block[] {
  const cells = result.models.flatMap((source, i) =>
    result.models.map((suspect, j) => {
      const score = result.scores[i]![j] ?? null;
      return { source, suspect, score, text: i === j ? '' : fixed(score, 1) };
    }),
  );
  const terms = new Set(['calibrated score', 'reference model', 'probe']);
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: `Calibrated scores of ${result.models.length} models` },
    {
      type: 'paragraph',
      text:
        `Every pair of models, scored with the ${result.embedder} view against the reference models other than the pair itself ` +
        `(${count(result.references.length, 'reference model')} in all: ${Math.max(0, result.references.length - 2)} for a pair of two of them). ` +
        'The score is symmetric: row and column can be read either way, and it cannot tell which model copied which. ' +
        `0 means a pair is no closer than a typical pair of reference models; the provisional rule calls a pair derived from ` +
        `${VERDICT_RULE.derivedMinScore} up, when its p-value and interval also agree (see compare or report for those).`,
    },
    {
      type: 'chart',
      description: `Heat map of the calibrated scores: blue above 0 (more alike than the background), red below; the diagonal is empty.`,
      spec: heatmapChart(result.models, cells),
    },
    {
      type: 'table',
      head: ['source \\ suspect', ...result.models],
      rows: result.models.map((name, i) => [name, ...result.scores[i]!.map((s, j) => (i === j ? '' : fixed(s, 2)))]),
    },
  ];
  if (result.missing.length) {
    blocks.push(
      { type: 'heading', level: 2, text: 'Missing scores' },
      { type: 'list', items: result.missing.map((m) => `${m.models.join(' × ')}: ${m.reason}`) },
    );
  }
  blocks.push(
    { type: 'heading', level: 2, text: 'Glossary' },
    { type: 'definitions', items: glossary(result.references).filter((g) => terms.has(g.term)) },
  );
  return blocks;
}
