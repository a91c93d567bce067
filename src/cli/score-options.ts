import type { Command } from 'commander';
import { createStyleEmbedder } from '../embed/style.js';
import type { Embedder } from '../embed/embedder.js';
import type { ScoreOptions } from '../score/index.js';
import { UserError } from '../util/errors.js';
import { commaList } from './context.js';

/** The flags every scoring command shares. */
export function addScoreFlags(command: Command): Command {
  return command
    .option('--embedder <views>', 'comma-separated views to score with', 'style')
    .option('--reference <models>', 'comma-separated reference models for calibration (default: every other stored model)');
}

export async function scoreOptions(flags: { embedder: string; reference?: string }): Promise<ScoreOptions> {
  const embedders = await resolveViews(flags.embedder);
  return { embedders, ...(flags.reference ? { references: commaList(flags.reference) } : {}) };
}

async function resolveViews(spec: string): Promise<Embedder[]> {
  return commaList(spec).map((view) => {
    if (view === 'style') return createStyleEmbedder();
    throw new UserError(`unknown embedder "${view}" (available: style)`);
  });
}
