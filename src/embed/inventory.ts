import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, errorMessage } from '../util/errors.js';
import { disposeEmbedders, resolveEmbedders } from './registry.js';
import { createStyleEmbedder } from './style.js';
import {
  checkModelFiles,
  embedderDir as resolveEmbedderDir,
  hubModelFolder,
  MANIFEST_FILE,
  MODEL_ALIASES,
  modelPresence,
  offlineByEnv,
  parseModelSource,
  pullModel,
  readManifest,
  transformersEmbedderId,
  type PullOptions,
} from './transformers/index.js';

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
export function modelFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const subfolders = (path: string) =>
    readdirSync(path).filter((name) => !name.startsWith('.') && statSync(join(path, name)).isDirectory());
  for (const first of subfolders(dir)) {
    if (existsSync(join(dir, first, 'config.json'))) found.push(first);
    else
      for (const second of subfolders(join(dir, first)))
        if (existsSync(join(dir, first, second, 'config.json'))) found.push(`${first}/${second}`);
  }
  return found.sort();
}

/** What one model folder holds: usable (with its embedder id), or the problem and its remedy. */
export function describeModel(name: string, modelId: string, folder: string): EmbedderListing {
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

export interface PullEmbedderOptions {
  /** Folder of embedding models; default $LLM_FINGERPRINT_EMBEDDER_DIR, else the user cache folder. */
  embedderDir?: string | null;
  /** Download again even when the model is already there. */
  force?: boolean;
  /** May it download? Default: yes, unless LLM_FINGERPRINT_OFFLINE=1 (or HF_HUB_OFFLINE=1). */
  allowRemote?: boolean;
  /** Defaults to $HF_ENDPOINT or https://huggingface.co. */
  host?: string;
  onProgress?: PullOptions['onProgress'];
}

export type PullEmbedderResult =
  | { status: 'present'; modelId: string; folder: string }
  | { status: 'pulled'; modelId: string; folder: string; embedderId: string; dimension: number };

/**
 * `embedders pull`: downloads a hub model (minilm or an org/name id) into the embedding-models folder,
 * unless an intact copy is already there, then loads it once offline: proof the download works, and the
 * id its vectors will carry.
 */
export async function pullEmbedder(name: string, options: PullEmbedderOptions = {}): Promise<PullEmbedderResult> {
  const source = parseModelSource(name);
  if (source?.kind !== 'hub') {
    throw new UserError(`cannot pull '${name}': give minilm or a model id like Xenova/all-MiniLM-L6-v2 (folders are used in place)`);
  }
  const dir = resolveEmbedderDir(options.embedderDir);
  const folder = hubModelFolder(dir, source.modelId);
  if (!options.force && modelPresence(folder).complete) {
    checkModelFiles(folder, source.modelId, `run \`llm-fingerprint embedders pull ${name} --force\``);
    return { status: 'present', modelId: source.modelId, folder };
  }
  if (!(options.allowRemote ?? !offlineByEnv())) {
    throw new UserError(`cannot pull ${source.modelId}: downloads are off (LLM_FINGERPRINT_OFFLINE or HF_HUB_OFFLINE is set)`);
  }
  await pullModel(source.modelId, folder, { onProgress: options.onProgress, ...(options.host ? { host: options.host } : {}) });
  const { embedders } = await resolveEmbedders(name, { embedderDir: dir, allowRemote: false });
  try {
    const embedder = embedders[0]!;
    return { status: 'pulled', modelId: source.modelId, folder, embedderId: embedder.id, dimension: embedder.record.dimension };
  } finally {
    await disposeEmbedders(embedders);
  }
}
