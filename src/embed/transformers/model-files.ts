import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes } from '../../util/bytes.js';
import { UserError } from '../../util/errors.js';
import { checkOnnxStructure, OnnxStructureError, type OnnxSummary } from './onnx-structure.js';

/** Written by `embedders pull` beside the files it downloaded: what each file must still be. */
export const MANIFEST_FILE = '.llm-fingerprint-manifest.json';

/** JSON files transformers.js reads for a feature-extraction model; all are required. */
export const REQUIRED_JSON_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

/** The ONNX weights, in order of preference (transformers.js loads the quantized file by default). */
export const ONNX_FILES = ['onnx/model_quantized.onnx', 'onnx/model.onnx'] as const;

export interface ModelFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  model: string;
  source: string;
  pulledAt: string;
  files: ModelFile[];
}

export interface ModelConfig {
  model_type?: string;
  hidden_size?: number;
  max_position_embeddings?: number;
}

/** A model folder whose files have all been found, read, hashed and checked. */
export interface CheckedModelFiles {
  dir: string;
  /** Relative path of the ONNX file that will be loaded. */
  onnxPath: string;
  quantized: boolean;
  files: ModelFile[];
  onnxSha256: string;
  /** sha256 over every file's path and sha256: changes when any file that shapes the vectors changes. */
  fingerprint: string;
  onnx: OnnxSummary;
  config: ModelConfig;
}

export interface Presence {
  complete: boolean;
  missing: string[];
  onnxPath: string | null;
}

/** Which of the expected files are in the folder (no reading or hashing: cheap). */
export function modelPresence(dir: string): Presence {
  const missing: string[] = REQUIRED_JSON_FILES.filter((f) => !existsSync(join(dir, f)));
  const onnxPath = ONNX_FILES.find((f) => existsSync(join(dir, f))) ?? null;
  if (onnxPath === null) missing.push(ONNX_FILES.join(' or '));
  return { complete: missing.length === 0, missing, onnxPath };
}

export function readManifest(dir: string): Manifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    if (!Array.isArray(manifest.files)) throw new Error('no file list');
    return manifest;
  } catch (error) {
    throw new UserError(`the manifest ${path} is unreadable (${(error as Error).message}); pull the model again`);
  }
}

/**
 * Checks a model folder before anything is loaded from it: the expected files are present and non-empty,
 * the JSON files parse, the ONNX file is structurally sound, and — when `embedders pull` left a manifest —
 * every file still has the size and sha256 it had when it was downloaded. Problems are UserErrors that
 * name the file and the remedy.
 */
export function checkModelFiles(dir: string, label: string, remedy: string): CheckedModelFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`embedding model ${label} not found: ${dir} is not a folder; ${remedy}`);
  }
  const presence = modelPresence(dir);
  if (!presence.complete) {
    throw new UserError(`embedding model ${label} in ${dir} is incomplete: missing ${presence.missing.join(', ')}; ${remedy}`);
  }
  const onnxPath = presence.onnxPath!;
  const manifest = readManifest(dir);
  const expected = new Map(manifest?.files.map((f) => [f.path, f]) ?? []);

  const files: ModelFile[] = [];
  let config: ModelConfig = {};
  let onnx: OnnxSummary | null = null;
  for (const path of [...REQUIRED_JSON_FILES, onnxPath]) {
    const bytes = readFileSync(join(dir, path));
    const file: ModelFile = { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    const want = expected.get(path);
    if (want && (want.size !== file.size || want.sha256 !== file.sha256)) {
      throw new UserError(
        `model file ${path} of ${label} is damaged: it was ${formatBytes(want.size)} (sha256 ${want.sha256.slice(0, 12)}) ` +
          `when pulled, now ${formatBytes(file.size)} (sha256 ${file.sha256.slice(0, 12)}); ${remedy}`,
      );
    }
    if (bytes.length === 0) throw new UserError(`model file ${path} of ${label} is empty; ${remedy}`);
    if (path.endsWith('.json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch (error) {
        throw new UserError(`model file ${path} of ${label} is not valid JSON (${(error as Error).message}); ${remedy}`);
      }
      if (path === 'config.json') config = parsed as ModelConfig;
    } else {
      try {
        onnx = checkOnnxStructure(bytes);
      } catch (error) {
        if (!(error instanceof OnnxStructureError)) throw error;
        throw new UserError(`model file ${path} of ${label} is not a usable ONNX model: ${error.message}; ${remedy}`);
      }
    }
    files.push(file);
  }
  const onnxSha256 = files.find((f) => f.path === onnxPath)!.sha256;
  const fingerprint = createHash('sha256')
    .update(files.map((f) => `${f.path} ${f.sha256}\n`).join(''))
    .digest('hex');
  return { dir, onnxPath, quantized: onnxPath.includes('quantized'), files, onnxSha256, fingerprint, onnx: onnx!, config };
}
