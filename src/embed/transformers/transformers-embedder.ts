import { basename, dirname, join } from 'node:path';
import type { Embedder } from '../embedder.js';
import { UserError, errorMessage } from '../../util/errors.js';
import { checkModelFiles, readManifest, type CheckedModelFiles } from './model-files.js';
import { trialLoad } from './isolated-load.js';

export const TRANSFORMERS_EMBEDDER_VERSION = '1';

export interface LoadOptions {
  /** Texts per forward pass (they are padded to the longest in the pass). Default 16. */
  batchSize?: number;
  /** Name stored with the vectors; defaults to the manifest's model id or the folder name. */
  modelName?: string;
  /** The short name reports show; defaults to modelName. */
  view?: string;
  /** What the user should do when the files are bad: ends every error message. */
  remedy?: string;
}

/** The id vectors are stored under: the model's name plus a digest of all its files. */
export function transformersEmbedderId(modelName: string, fingerprint: string): string {
  return `tfjs:${modelName}@${fingerprint.slice(0, 12)}`;
}

interface FeatureTensor {
  dims: number[];
  data: Float32Array;
}
type FeaturePipeline = ((texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<FeatureTensor>) & {
  tokenizer: { model_max_length: number };
  dispose(): Promise<void>;
};

// transformers.js keeps its settings in one global `env`: loads are serialised so two never interleave.
let loadQueue: Promise<unknown> = Promise.resolve();

async function openPipeline(checked: CheckedModelFiles): Promise<FeaturePipeline> {
  const { env, pipeline } = await import('@xenova/transformers');
  const saved = {
    allowRemoteModels: env.allowRemoteModels,
    allowLocalModels: env.allowLocalModels,
    localModelPath: env.localModelPath,
    useFSCache: env.useFSCache,
  };
  // Only the checked files may be read: no remote fallback, no transformers.js cache folder.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.localModelPath = dirname(checked.dir) + '/';
  try {
    return (await pipeline('feature-extraction', basename(checked.dir), {
      quantized: checked.quantized,
      local_files_only: true,
    })) as unknown as FeaturePipeline;
  } finally {
    Object.assign(env, saved);
  }
}

function rows(tensor: FeatureTensor, count: number): Float32Array[] {
  const [n, dimension] = tensor.dims;
  if (tensor.dims.length !== 2 || n !== count || !dimension) {
    throw new Error(`feature-extraction returned shape [${tensor.dims.join(', ')}] for ${count} texts`);
  }
  const out: Float32Array[] = [];
  for (let i = 0; i < count; i++) out.push(Float32Array.from(tensor.data.subarray(i * dimension, (i + 1) * dimension)));
  return out;
}

/**
 * Cuts a text after the words that are sure to fill the model's token budget, so the (slow, JavaScript)
 * tokenizer does not work through pages that truncation would drop anyway. Every whitespace-separated word
 * holding a letter or digit yields at least one token, and the tokens of earlier words do not depend on
 * later ones, so the first `maxTokens` tokens — all the model sees — are unchanged.
 */
export function cutToTokenBudget(text: string, maxTokens: number): string {
  if (text.length <= maxTokens) return text;
  const word = /\S+/g;
  const meaningful = /[\p{L}\p{N}]/u;
  let count = 0;
  for (let match = word.exec(text); match; match = word.exec(text)) {
    if (meaningful.test(match[0]) && ++count > maxTokens) return text.slice(0, match.index + match[0].length);
  }
  return text;
}

/**
 * Loads a transformers.js feature-extraction model from a folder as an Embedder: mean pooling over the
 * tokens, L2-normalised. The files are checked (presence, JSON, ONNX structure, sha256 against the pull
 * manifest) and the ONNX session is first opened in a child process, so a corrupt model is a UserError and
 * never takes this process down. The embedder id carries a digest of every model file.
 */
export async function loadTransformersEmbedder(dir: string, options: LoadOptions = {}): Promise<Embedder> {
  const modelName = options.modelName ?? readManifest(dir)?.model ?? basename(dir);
  const remedy = options.remedy ?? 'replace the model files';
  const checked = checkModelFiles(dir, modelName, remedy);

  const trial = await trialLoad(join(dir, checked.onnxPath), checked.onnxSha256);
  if (!trial.ok) {
    throw new UserError(`model file ${checked.onnxPath} of ${modelName} cannot be opened by onnxruntime: ${trial.problem}; ${remedy}`);
  }
  const outputs = trial.outputs ?? [];
  if (!trial.inputs?.includes('input_ids') || !outputs.some((o) => ['last_hidden_state', 'logits', 'token_embeddings'].includes(o))) {
    throw new UserError(
      `${modelName} is not a feature-extraction model: inputs [${trial.inputs?.join(', ')}], outputs [${outputs.join(', ')}]`,
    );
  }

  const load = loadQueue.then(() => openPipeline(checked));
  loadQueue = load.catch(() => undefined);
  let pipe: FeaturePipeline;
  try {
    pipe = await load;
  } catch (error) {
    throw new UserError(`cannot load embedding model ${modelName} from ${dir}: ${errorMessage(error)}; ${remedy}`);
  }
  // Tokenizers without model_max_length would let long answers overrun the position table.
  const positions = checked.config.max_position_embeddings;
  if (positions && !(pipe.tokenizer.model_max_length <= positions)) pipe.tokenizer.model_max_length = positions;

  const batchSize = Math.max(1, options.batchSize ?? 16);
  const maxTokens = pipe.tokenizer.model_max_length;
  const embedBatch = async (texts: string[]) => {
    const cut = Number.isFinite(maxTokens) && maxTokens > 0 ? texts.map((t) => cutToTokenBudget(t, maxTokens)) : texts;
    return rows(await pipe(cut, { pooling: 'mean', normalize: true }), texts.length);
  };
  const dimension = (await embedBatch(['dimension probe']))[0]!.length;
  const id = transformersEmbedderId(modelName, checked.fingerprint);

  return {
    id,
    view: options.view ?? modelName,
    record: {
      id,
      kind: 'transformers',
      modelName,
      fileSha256: checked.onnxSha256,
      pooling: 'mean',
      normalize: true,
      dimension,
      version: TRANSFORMERS_EMBEDDER_VERSION,
    },
    async embed(texts) {
      // Similar lengths share a pass, so little time goes into padding; results return in input order.
      const order = texts.map((_, i) => i).sort((a, b) => texts[b]!.length - texts[a]!.length);
      const out = new Array<Float32Array>(texts.length);
      for (let start = 0; start < order.length; start += batchSize) {
        const slice = order.slice(start, start + batchSize);
        const vectors = await embedBatch(slice.map((i) => texts[i]!));
        slice.forEach((textIndex, k) => (out[textIndex] = vectors[k]!));
      }
      return out;
    },
    dispose: () => pipe.dispose(),
  };
}
