import type { Command } from 'commander';
import { disposeEmbedders, type Embedder } from '../embed/index.js';
import type { ScoreOptions } from '../analysis/index.js';
import { commaList } from '../util/comma-list.js';
import { EMBEDDER_OPTION_HELP, embeddersFor } from './embedder-options.js';
import { createProgress, type Progress } from './progress.js';

export interface ScoreFlags {
  embedder: string;
  reference?: string;
}

/** The flags every scoring command shares. */
export function addScoreFlags(command: Command): Command {
  return command
    .option('--embedder <views>', EMBEDDER_OPTION_HELP, 'auto')
    .option('--reference <models>', 'comma-separated reference models for calibration (default: every other stored model)');
}

/**
 * Runs a scoring job with the views the flags ask for: loads the embedders (notices on stderr),
 * shows a progress bar per view while answers are embedded, and releases the models afterwards.
 */
export async function withScoring<T>(command: Command, flags: ScoreFlags, job: (options: ScoreOptions) => Promise<T>): Promise<T> {
  let embedders: Embedder[] = [];
  const bars = new Map<string, Progress>();
  try {
    return await job({
      embedders: async () => (embedders = (await embeddersFor(command, flags.embedder)).embedders),
      ...(flags.reference ? { references: commaList(flags.reference) } : {}),
      onProgress: (view, done, total) => {
        let bar = bars.get(view);
        if (!bar) bars.set(view, (bar = createProgress(`embedding (${view})`)));
        bar.update(done, total);
      },
    });
  } finally {
    for (const bar of bars.values()) bar.stop();
    await disposeEmbedders(embedders);
  }
}
