import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The model behind the `minilm` view. */
export const MINILM_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';

/** Short names a user can type instead of a model id. */
export const MODEL_ALIASES: Readonly<Record<string, string>> = { minilm: MINILM_MODEL_ID };

export const EMBEDDER_DIR_ENV = 'LLM_FINGERPRINT_EMBEDDER_DIR';
export const OFFLINE_ENV = 'LLM_FINGERPRINT_OFFLINE';

/** Where `embedders pull` puts models: $XDG_CACHE_HOME/llm-fingerprint/embedders, else ~/.cache/…. */
export function defaultEmbedderDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cacheHome, 'llm-fingerprint', 'embedders');
}

/** The folder of embedding models: an explicit option, else $LLM_FINGERPRINT_EMBEDDER_DIR, else the cache folder. */
export function embedderDir(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env[EMBEDDER_DIR_ENV];
  return chosen ? resolve(expandHome(chosen)) : defaultEmbedderDir(env);
}

/** True when downloads are forbidden: LLM_FINGERPRINT_OFFLINE=1 (or Hugging Face's own HF_HUB_OFFLINE=1). */
export function offlineByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const on = (value: string | undefined) => value !== undefined && !['', '0', 'false', 'no'].includes(value.toLowerCase());
  return on(env[OFFLINE_ENV]) || on(env.HF_HUB_OFFLINE);
}

/** The Hugging Face host models are pulled from ($HF_ENDPOINT for mirrors). */
export function remoteHost(env: NodeJS.ProcessEnv = process.env): string {
  return (env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
}

export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}
