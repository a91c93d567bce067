import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { expandHome, MODEL_ALIASES } from './locations.js';

/** Where the files of one transformers.js embedding model come from. */
export type ModelSource =
  /** A Hugging Face model id (or alias), kept in the embedding-models folder as <dir>/<org>/<name>. */
  | { kind: 'hub'; view: string; modelId: string }
  /** A folder the user pointed at directly. */
  | { kind: 'folder'; view: string; path: string };

const MODEL_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('~') || isAbsolute(spec) || spec.includes('\\');
}

/**
 * Reads one view of an --embedder value as a transformers.js model: an alias (`minilm`), a model id
 * (`Xenova/bge-small-en-v1.5`) or a folder path. A spec that is an existing folder counts as a folder
 * even without a leading ./, so `--embedder models/my-encoder` works. Returns null for anything else.
 */
export function parseModelSource(spec: string, cwd = process.cwd()): ModelSource | null {
  const alias = MODEL_ALIASES[spec.toLowerCase()];
  if (alias) return { kind: 'hub', view: spec.toLowerCase(), modelId: alias };
  const asPath = resolve(cwd, expandHome(spec));
  if (looksLikePath(spec) || (spec.includes('/') && existsSync(asPath) && statSync(asPath).isDirectory())) {
    return { kind: 'folder', view: spec, path: asPath };
  }
  if (MODEL_ID.test(spec) && spec.includes('/') && !spec.split('/').some((part) => part === '..' || part === '.')) {
    return { kind: 'hub', view: spec, modelId: spec };
  }
  return null;
}

/** The folder a hub model lives in under the embedding-models folder. */
export function hubModelFolder(embedderDir: string, modelId: string): string {
  return join(embedderDir, ...modelId.split('/'));
}

/** The name a user types to pull or select the model: its alias when it has one. */
export function displayName(modelId: string): string {
  return Object.entries(MODEL_ALIASES).find(([, id]) => id === modelId)?.[0] ?? modelId;
}
