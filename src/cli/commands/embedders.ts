import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import {
  checkModelFiles,
  createStyleEmbedder,
  disposeEmbedders,
  hubModelFolder,
  MODEL_ALIASES,
  modelPresence,
  offlineByEnv,
  parseModelSource,
  pullModel,
  resolveEmbedders,
} from '../../embed/index.js';
import { formatBytes, MANIFEST_FILE, readManifest, transformersEmbedderId } from '../../embed/transformers/index.js';
import { UserError, errorMessage } from '../../util/errors.js';
import { downloadProgress, embedderDirOf, embeddersFor } from '../embedder-options.js';
import { printJson, printLine } from '../output.js';
import { newTable } from '../format.js';
import { examples } from '../help.js';

export interface EmbedderListing {
  /** What to pass to --embedder. */
  name: string;
  kind: 'builtin' | 'transformers';
  model?: string;
  path?: string;
  available: boolean;
  /** The embedder id vectors are stored under (when the files check out). */
  id?: string;
  onnxFile?: string;
  bytes?: number;
  /** Why an installed model is not usable, or how to get a missing one. */
  problem?: string;
}

/** Model folders under dir: <dir>/<name> or <dir>/<org>/<name>, recognised by their config.json. */
function modelFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const subfolders = (path: string) =>
    readdirSync(path).filter((name) => !name.startsWith('.') && statSync(join(path, name)).isDirectory());
  for (const first of subfolders(dir)) {
    if (existsSync(join(dir, first, 'config.json'))) found.push(first);
    else for (const second of subfolders(join(dir, first))) if (existsSync(join(dir, first, second, 'config.json'))) found.push(`${first}/${second}`);
  }
  return found.sort();
}

function describeModel(name: string, modelId: string, folder: string): EmbedderListing {
  const entry: EmbedderListing = { name, kind: 'transformers', model: modelId, path: folder, available: false };
  const presence = modelPresence(folder);
  if (!presence.complete) {
    entry.problem = existsSync(folder)
      ? `incomplete: missing ${presence.missing.join(', ')}`
      : `not downloaded (llm-fingerprint embedders pull ${name})`;
    return entry;
  }
  try {
    const checked = checkModelFiles(folder, modelId, 'pull it again');
    Object.assign(entry, {
      available: true,
      id: transformersEmbedderId(modelId, checked.fingerprint),
      onnxFile: checked.onnxPath,
      bytes: checked.files.reduce((sum, f) => sum + f.size, 0),
    });
    if (!readManifest(folder)) entry.problem = `no ${MANIFEST_FILE}: file hashes cannot be checked against the download`;
  } catch (error) {
    entry.problem = errorMessage(error);
  }
  return entry;
}

/** Everything --embedder can name on this machine: built-ins, aliases, and models in the folder. */
export function listEmbedders(dir: string): EmbedderListing[] {
  const style = createStyleEmbedder();
  const list: EmbedderListing[] = [{ name: 'style', kind: 'builtin', available: true, id: style.id }];
  const aliased = new Set<string>();
  for (const [alias, modelId] of Object.entries(MODEL_ALIASES)) {
    list.push(describeModel(alias, modelId, hubModelFolder(dir, modelId)));
    aliased.add(modelId);
  }
  for (const modelId of modelFolders(dir)) {
    if (!aliased.has(modelId)) list.push(describeModel(modelId, modelId, hubModelFolder(dir, modelId)));
  }
  return list;
}

export function registerEmbedders(program: Command): void {
  const embedders = program
    .command('embedders')
    .description('the embedding models that turn answers into vectors (style is built in; minilm and others are downloaded)')
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
      const source = parseModelSource(name);
      if (!source || source.kind !== 'hub') {
        throw new UserError(`cannot pull '${name}': give minilm or a model id like Xenova/all-MiniLM-L6-v2 (folders are used in place)`);
      }
      const dir = embedderDirOf(command);
      const folder = hubModelFolder(dir, source.modelId);
      if (!options.force && modelPresence(folder).complete) {
        checkModelFiles(folder, source.modelId, `run \`llm-fingerprint embedders pull ${name} --force\``);
        return printLine(`${source.modelId} is already in ${folder} (use --force to download it again)`);
      }
      if (offlineByEnv()) {
        throw new UserError(`cannot pull ${source.modelId}: downloads are off (LLM_FINGERPRINT_OFFLINE or HF_HUB_OFFLINE is set)`);
      }
      const download = downloadProgress();
      try {
        await pullModel(source.modelId, folder, { onProgress: download.onProgress });
      } finally {
        download.stop();
      }
      // Load it once: proves the download works and shows the id its vectors will carry.
      const { embedders: [embedder] } = await resolveEmbedders(name, { embedderDir: dir, allowRemote: false });
      printLine(`pulled ${source.modelId} into ${relative(process.cwd(), folder) || folder}: embedder ${embedder!.id}, ${embedder!.record.dimension} dimensions`);
      await disposeEmbedders([embedder!]);
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
