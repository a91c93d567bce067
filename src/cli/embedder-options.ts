import type { Command } from 'commander';
import { embedderDir, resolveEmbedders, type ResolvedEmbedders, type ResolveEmbeddersOptions } from '../embed/index.js';
import { notice } from './output.js';
import { progressPerItem } from '../util/progress.js';

/** Help text for an --embedder option, shared by every command that scores. */
export const EMBEDDER_OPTION_HELP =
  'views to score, comma-separated: auto (style, plus minilm when available), style, minilm, a transformers.js model id, or a model folder';

/** The embedding-models folder: global --embedder-dir, else $LLM_FINGERPRINT_EMBEDDER_DIR, else the cache folder. */
export function embedderDirOf(command: Command): string {
  return embedderDir(command.optsWithGlobals<{ embedderDir?: string }>().embedderDir);
}

/** A byte-progress callback for downloads that shows one bar per file on a terminal. */
export function downloadProgress(): { onProgress: NonNullable<ResolveEmbeddersOptions['onDownload']>; stop(): void } {
  const bars = progressPerItem((file) => `downloading ${file}`, { bytes: true });
  return { onProgress: (file, received, total) => bars.update(file, received, total ?? received), stop: bars.stop };
}

const shown = new Set<string>();
/** A notice printed once per process, however many times the embedders are resolved. */
function noticeOnce(line: string): void {
  if (shown.has(line)) return;
  shown.add(line);
  notice(line);
}

/**
 * resolveEmbedders for a CLI command: reads --embedder-dir, shows download progress on a terminal and
 * prints the notices (one line each, on stderr). The caller disposes the embedders when done.
 */
export async function embeddersFor(command: Command, spec: string | undefined): Promise<ResolvedEmbedders> {
  const download = downloadProgress();
  try {
    const resolved = await resolveEmbedders(spec ?? 'auto', { embedderDir: embedderDirOf(command), onDownload: download.onProgress });
    for (const line of resolved.notices) noticeOnce(`llm-fingerprint: ${line}`);
    return resolved;
  } finally {
    download.stop();
  }
}
