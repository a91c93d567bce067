import { z } from 'zod';
import type { Store } from '../store/index.js';
import { UserError } from '../util/errors.js';
import { TOOL_VERSION } from '../util/package-info.js';
import {
  RELATED_KINDS,
  VERDICT_RULE,
  evaluateMatrix,
  operatingPoint,
  ruleWithThreshold,
  type PairLabels,
  type VerdictRule,
} from '../score/index.js';
import { matrix } from './matrix.js';
import type { ScoreOptions } from './views.js';

/**
 * A calibration: the score threshold that gives a chosen false-positive rate on a user's own labelled
 * pairs, with the accuracy measured there. Saved as JSON by `calibrate`; compare, rank and report take
 * it with --calibration and name it in their output.
 */
export const calibrationSchema = z.object({
  kind: z.literal('llm-fingerprint-calibration'),
  version: z.literal(1),
  createdAt: z.string(),
  toolVersion: z.string(),
  /** The embedder ids the scores were computed with: a calibration only holds for the same views. */
  views: z.array(z.string()).min(1),
  labels: z.object({ file: z.string(), sha256: z.string(), related: z.number().int(), independent: z.number().int() }),
  models: z.number().int(),
  fpr: z.number().min(0).max(1),
  /** Scores at or above this count as derived (with the rule's other conditions). */
  threshold: z.number(),
  /** Share of the labelled related pairs at or above the threshold, and independent pairs there. */
  tpr: z.number(),
  falsePositives: z.number().int(),
  auc: z.number(),
  aucByKind: z.record(z.string(), z.number().nullable()),
});
export type Calibration = z.infer<typeof calibrationSchema>;

/** A calibration as read from its file: where it came from travels with every result that used it. */
export interface LoadedCalibration {
  file: string;
  sha256: string;
  calibration: Calibration;
}

/** How a result names the calibration it used. */
export interface CalibrationRef {
  file: string;
  sha256: string;
  threshold: number;
  fpr: number;
  tpr: number;
  auc: number;
}

export const calibrationRef = ({ file, sha256, calibration: c }: LoadedCalibration): CalibrationRef => ({
  file,
  sha256,
  threshold: c.threshold,
  fpr: c.fpr,
  tpr: c.tpr,
  auc: c.auc,
});

export interface CalibrateOptions extends ScoreOptions {
  /** The false-positive rate to hold on the independent pairs; default 0.01. */
  fpr?: number;
  labelsFile: string;
  labelsSha256: string;
}

/**
 * Scores every labelled pair (the whole store serves as references), measures ROC-AUC, and finds the
 * threshold for the false-positive rate: halfway between the highest independent score it must clear
 * and the next related score above it, so the labelled pairs fall on the same sides of it either way.
 */
export async function calibrate(store: Store, labels: PairLabels, options: CalibrateOptions): Promise<Calibration> {
  const fpr = options.fpr ?? 0.01;
  if (!(fpr >= 0 && fpr < 1)) throw new UserError(`--fpr must be at least 0 and below 1, got ${fpr}`);
  const stored = new Set(
    store.models
      .list()
      .filter((m) => m.responses > 0)
      .map((m) => m.name),
  );
  const labelled = [
    ...new Set([...RELATED_KINDS.flatMap((k) => labels[k].flat()), ...Object.values(labels.independent_groups).flat()]),
  ].sort();
  const missing = labelled.filter((m) => !stored.has(m));
  if (missing.length > 0)
    throw new UserError(`labelled models not in the store: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}`);
  const grid = await matrix(store, { ...options, models: labelled });
  const evaluation = evaluateMatrix(grid, { ...labels, teacher_panel: undefined });
  const related = evaluation.pairs.filter((p) => p.kind !== 'independent');
  const independent = evaluation.pairs.filter((p) => p.kind === 'independent');
  if (related.length === 0 || independent.length === 0)
    throw new UserError('the labels need related pairs and independent groups (at least two groups)');
  const positives = related.map((p) => p.score ?? -Infinity);
  const point = operatingPoint(
    positives,
    independent.map((p) => p.score ?? -Infinity),
    fpr,
  );
  const above = positives.filter((s) => s > point.threshold);
  const threshold =
    above.length > 0 ? (point.threshold + Math.min(...above)) / 2 : point.threshold + Math.max(1e-6, Math.abs(point.threshold) * 1e-6);
  return {
    kind: 'llm-fingerprint-calibration',
    version: 1,
    createdAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    views: grid.views,
    labels: { file: options.labelsFile, sha256: options.labelsSha256, related: related.length, independent: independent.length },
    models: grid.references.length,
    fpr,
    threshold,
    tpr: point.tpr,
    falsePositives: point.falsePositives,
    auc: evaluation.auc,
    aucByKind: Object.fromEntries(Object.entries(evaluation.aucByKind).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
  };
}

/**
 * The verdict rule for a job: the default, or a calibration's threshold in its place — after checking
 * that the calibration was made with the views this job scores with.
 */
export function ruleFor(loaded: LoadedCalibration | undefined, views: readonly string[]): VerdictRule {
  if (!loaded) return VERDICT_RULE;
  const made = loaded.calibration.views;
  if (made.length !== views.length || made.some((v, i) => v !== views[i])) {
    throw new UserError(
      `${loaded.file} was calibrated with views ${made.join(', ')}, not ${views.join(', ')}: calibrate again with the same --embedder`,
    );
  }
  return ruleWithThreshold(loaded.calibration.threshold);
}
