import type { Embedder } from './embedder.js';
import { createStyleEmbedder } from './style.js';
import { UserError, errorMessage } from '../util/errors.js';
import { commaList } from '../util/comma-list.js';
import {
  displayName,
  embedderDir as resolveEmbedderDir,
  hubModelFolder,
  loadTransformersEmbedder,
  MINILM_MODEL_ID,
  modelPresence,
  offlineByEnv,
  parseModelSource,
  pullModel,
  type ModelSource,
  type PullOptions,
} from './transformers/index.js';

export interface ResolveEmbeddersOptions {
  /** Folder of embedding models; default $LLM_FINGERPRINT_EMBEDDER_DIR, else the user cache folder. */
  embedderDir?: string | null;
  /** May a missing model be downloaded? Default: yes, unless LLM_FINGERPRINT_OFFLINE=1 (or HF_HUB_OFFLINE=1). */
  allowRemote?: boolean;
  /** Byte progress of any download this call makes. */
  onDownload?: PullOptions['onProgress'];
  /** Texts per forward pass of transformers models. */
  batchSize?: number;
}

export interface ResolvedEmbedders {
  /** One per view, in the order given (`auto` = style, then minilm). Never empty. */
  embedders: Embedder[];
  /** One-line messages for the user, e.g. why `auto` left out the semantic view. */
  notices: string[];
}

export const DEFAULT_EMBEDDER_SPEC = 'auto';

/**
 * An error in a few words for a notice: its first clause, with URLs shortened to their host, so the
 * cause (ENOTFOUND, HTTP 404) survives; the remedy is in the command the notice names.
 */
const oneLineShort = (text: string, max = 120) => {
  const clause = text
    .split('\n')[0]!
    .split('; ')[0]!
    .replace(/https?:\/\/([^/\s]+)\S*/g, '$1');
  return clause.length > max ? `${clause.slice(0, max - 1)}…` : clause;
};

function pullCommand(source: Extract<ModelSource, { kind: 'hub' }>): string {
  return `llm-fingerprint embedders pull ${displayName(source.modelId)}`;
}

async function loadModel(source: ModelSource, dir: string, allowRemote: boolean, options: ResolveEmbeddersOptions) {
  if (source.kind === 'folder') {
    return loadTransformersEmbedder(source.path, {
      view: source.view,
      batchSize: options.batchSize,
      remedy: 'point --embedder at a folder holding config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx',
    });
  }
  const folder = hubModelFolder(dir, source.modelId);
  const remedy = `run \`${pullCommand(source)}\` (add --force to download it again), or set --embedder-dir / LLM_FINGERPRINT_EMBEDDER_DIR to a folder holding ${source.modelId}`;
  if (!modelPresence(folder).complete) {
    if (!allowRemote) {
      throw new UserError(
        `embedding model ${source.modelId} is not in ${dir} and downloads are off; run \`${pullCommand(source)}\` on a machine with internet ` +
          `and copy ${folder}, or set --embedder-dir / LLM_FINGERPRINT_EMBEDDER_DIR to a folder holding it`,
      );
    }
    try {
      await pullModel(source.modelId, folder, { onProgress: options.onDownload });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(
        `${errorMessage(error)}; without internet, run \`${pullCommand(source)}\` on another machine and copy ${folder}, ` +
          `or set --embedder-dir / LLM_FINGERPRINT_EMBEDDER_DIR to a folder holding it`,
      );
    }
  }
  return loadTransformersEmbedder(folder, { modelName: source.modelId, view: source.view, batchSize: options.batchSize, remedy });
}

/** Splits an --embedder value into views; `auto` stands for style plus minilm-when-available. */
export function parseEmbedderSpec(spec: string): string[] {
  const views = commaList(spec);
  if (views.length === 0) throw new UserError(`--embedder is empty: use auto, style, minilm, a model id or a folder`);
  return [...new Set(views)];
}

/**
 * Turns an --embedder value into ready embedders: `auto` (style, plus minilm when it is in the
 * embedding-models folder or can be downloaded — otherwise style alone and a notice), `style`, `minilm`,
 * any transformers.js model id, or a model folder, comma-separated for several views. A view named
 * explicitly that cannot be loaded is a UserError with the remedy; it is never silently dropped.
 */
export async function resolveEmbedders(
  spec: string = DEFAULT_EMBEDDER_SPEC,
  options: ResolveEmbeddersOptions = {},
): Promise<ResolvedEmbedders> {
  const dir = resolveEmbedderDir(options.embedderDir);
  const allowRemote = options.allowRemote ?? !offlineByEnv();
  const embedders: Embedder[] = [];
  const notices: string[] = [];
  const add = (embedder: Embedder) => {
    if (!embedders.some((e) => e.id === embedder.id)) embedders.push(embedder);
  };
  try {
    for (const view of parseEmbedderSpec(spec)) {
      if (view === 'style') {
        add(createStyleEmbedder());
      } else if (view === 'auto') {
        add(createStyleEmbedder());
        const minilm = { kind: 'hub', view: 'minilm', modelId: MINILM_MODEL_ID } as const;
        const present = modelPresence(hubModelFolder(dir, MINILM_MODEL_ID)).complete;
        if (!present && !allowRemote) {
          // Offline by the user's own choice (LLM_FINGERPRINT_OFFLINE): style alone is what was asked for; nothing to say.
          if (!offlineByEnv()) notices.push(`style view only: \`${pullCommand(minilm)}\` adds the semantic view`);
          continue;
        }
        try {
          add(await loadModel(minilm, dir, allowRemote, options));
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          notices.push(`style view only: minilm did not load (${oneLineShort(errorMessage(error))}); see \`${pullCommand(minilm)}\``);
        }
      } else {
        const source = parseModelSource(view);
        if (!source) {
          throw new UserError(
            `unknown embedder '${view}': use auto, style, minilm, a transformers.js model id (org/name) or a model folder`,
          );
        }
        add(await loadModel(source, dir, allowRemote, options));
      }
    }
  } catch (error) {
    await Promise.all(embedders.map((e) => e.dispose?.()));
    throw error;
  }
  return { embedders, notices };
}

/** Releases the native sessions of embedders returned by resolveEmbedders. */
export async function disposeEmbedders(embedders: readonly Embedder[]): Promise<void> {
  await Promise.all(embedders.map((e) => e.dispose?.()));
}
