import type { Command } from 'commander';
import { disposeEmbedders, type Embedder } from '../embed/index.js';
import { readFileSync } from 'node:fs';
import { calibrationSchema, type LoadedCalibration, type ScoreOptions } from '../analysis/index.js';
import { UserError, errorMessage } from '../util/errors.js';
import { sha256Hex } from '../util/hash.js';
import { commaList } from '../util/comma-list.js';
import { EMBEDDER_OPTION_HELP, embeddersFor } from './embedder-options.js';
import { progressPerItem } from '../util/progress.js';
import { ScoringCache } from '../store/index.js';

export interface ScoreFlags {
  embedder: string;
  reference?: string;
  calibration?: string;
  /** false with --no-cache. */
  cache?: boolean;
}

export const CALIBRATION_OPTION_HELP = 'verdict thresholds from a file written by `calibrate` (default: the built-in ones)';

/** Reads a calibration file written by `calibrate`; a missing or malformed file is a one-line error. */
export function loadCalibration(file: string): LoadedCalibration {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UserError(`${file}: cannot read calibration file: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UserError(`${file}: not a calibration file (not JSON)`);
  }
  const parsed = calibrationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(
      `${file}: not a calibration file written by llm-fingerprint calibrate (${issue.path.join('.') || 'file'}: ${issue.message})`,
    );
  }
  return { file, sha256: sha256Hex(bytes), calibration: parsed.data };
}

/** The flags every scoring command shares. */
export function addScoreFlags(command: Command): Command {
  return command
    .option('--embedder <views>', EMBEDDER_OPTION_HELP, 'auto')
    .option('--reference <models>', 'comma-separated reference models for calibration (default: every other stored model)')
    .option('--no-cache', 'recompute everything from the store alone, in memory: neither read nor write <db>.cache');
}

/**
 * Runs a scoring job with the views the flags ask for: loads the embedders (notices on stderr),
 * shows a progress bar per view while answers are embedded, and releases the models afterwards.
 */
export async function withScoring<T>(command: Command, flags: ScoreFlags, job: (options: ScoreOptions) => Promise<T>): Promise<T> {
  let embedders: Embedder[] = [];
  const bars = progressPerItem((view) => `embedding (${view})`);
  // The cache file is derived data that verify does not check: --no-cache leaves it out of the numbers.
  const cache = flags.cache === false ? ScoringCache.open(':memory:') : undefined;
  try {
    return await job({
      ...(cache ? { cache } : {}),
      embedders: async () => (embedders = (await embeddersFor(command, flags.embedder)).embedders),
      ...(flags.reference ? { references: commaList(flags.reference) } : {}),
      ...(flags.calibration ? { calibration: loadCalibration(flags.calibration) } : {}),
      onProgress: bars.update,
    });
  } finally {
    bars.stop();
    cache?.close();
    await disposeEmbedders(embedders);
  }
}
