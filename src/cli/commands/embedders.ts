import { COMMAND_SUMMARIES } from './summaries.js';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { disposeEmbedders, listEmbedders, pullEmbedder, type PullEmbedderResult } from '../../embed/index.js';
import { formatBytes } from '../../util/bytes.js';
import { downloadProgress, embedderDirOf, embeddersFor } from '../embedder-options.js';
import { printJson, printLine } from '../output.js';
import { newTable } from '../format.js';
import { examples } from '../help.js';

export function registerEmbedders(program: Command): void {
  const embedders = program
    .command('embedders')
    .description(COMMAND_SUMMARIES.embedders)
    .addHelpText('after', examples('embedders list', 'embedders pull minilm', 'embedders check auto'));

  embedders
    .command('list')
    .description('show the embedders available here, and the folder holding embedding models')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('embedders list', '--embedder-dir /mnt/models embedders list --json'))
    .action((options: { json?: boolean }, command: Command) => {
      const dir = embedderDirOf(command);
      const list = listEmbedders(dir);
      if (options.json) return printJson({ dir, embedders: list });
      printLine(`embedding models folder: ${dir}`);
      const table = newTable(['embedder', 'model', 'status', 'id']);
      for (const e of list) {
        const status = e.available ? (e.bytes ? `ready, ${formatBytes(e.bytes)}` : 'ready') : 'missing';
        table.push([e.name, e.model ?? '(built in)', status, e.id ?? '']);
      }
      printLine(table.toString());
      for (const e of list) if (e.problem) printLine(`${e.name}: ${e.problem}`);
    });

  embedders
    .command('pull')
    .description('download an embedding model into the embedding-models folder (default: minilm)')
    .argument('[name]', 'minilm or a transformers.js model id such as Xenova/bge-small-en-v1.5', 'minilm')
    .option('--force', 'download again even when the model is already there')
    .addHelpText('after', examples('embedders pull', 'embedders pull Xenova/bge-small-en-v1.5'))
    .action(async (name: string, options: { force?: boolean }, command: Command) => {
      const download = downloadProgress();
      let pulled: PullEmbedderResult;
      try {
        pulled = await pullEmbedder(name, { embedderDir: embedderDirOf(command), force: options.force, onProgress: download.onProgress });
      } finally {
        download.stop();
      }
      const where = relative(process.cwd(), pulled.folder) || pulled.folder;
      if (pulled.status === 'present')
        return printLine(`${pulled.modelId} is already in ${pulled.folder} (use --force to download it again)`);
      printLine(`pulled ${pulled.modelId} into ${where}: embedder ${pulled.embedderId}, ${pulled.dimension} dimensions`);
    });

  embedders
    .command('check')
    .description('load embedders exactly as scoring would (same --embedder syntax) and print their ids')
    .argument('[spec]', 'auto, style, minilm, a model id or a folder; comma-separated for several', 'auto')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('embedders check', 'embedders check style,minilm --json'))
    .action(async (spec: string, options: { json?: boolean }, command: Command) => {
      const { embedders: loaded } = await embeddersFor(command, spec);
      try {
        const rows = loaded.map((e) => ({ view: e.view, id: e.id, kind: e.record.kind, dimension: e.record.dimension }));
        if (options.json) return printJson({ embedders: rows });
        for (const r of rows) printLine(`${r.view}: ${r.id} (${r.dimension} dimensions)`);
      } finally {
        await disposeEmbedders(loaded);
      }
    });
}
