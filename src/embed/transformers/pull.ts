import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UserError, errorMessage } from '../../util/errors.js';
import { remoteHost } from './locations.js';
import { MANIFEST_FILE, ONNX_FILES, REQUIRED_JSON_FILES, type Manifest, type ModelFile } from './model-files.js';

export interface PullOptions {
  /** Defaults to $HF_ENDPOINT or https://huggingface.co. */
  host?: string;
  /** Called as bytes arrive; total is null when the server does not say. */
  onProgress?: (file: string, received: number, total: number | null) => void;
  /** Abort a download that receives nothing for this long. */
  stallTimeoutMs?: number;
}

class NotFound extends Error {}

/**
 * One file, through `<target>.<pid>.part` renamed on completion. `pipeline` owns the streams: an error on
 * either side (a dropped connection, a full disk) destroys both and rejects once, and the .part file is
 * removed only after its write stream has closed, so no late open or write can recreate it.
 */
async function download(url: string, target: string, label: string, options: PullOptions): Promise<ModelFile> {
  const controller = new AbortController();
  const stallMs = options.stallTimeoutMs ?? 30_000;
  let stalled = false;
  const stall = () => {
    stalled = true;
    controller.abort();
  };
  let timer = setTimeout(stall, stallMs);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(stall, stallMs);
  };
  const part = `${target}.${process.pid}.part`;
  let out: WriteStream | undefined;
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      const cause = stalled
        ? `no answer for ${stallMs / 1000} s`
        : ((error as { cause?: { code?: string } }).cause?.code ?? errorMessage(error));
      throw new UserError(`cannot download ${url} (${cause})`);
    }
    if (response.status === 404) throw new NotFound(url);
    if (!response.ok || !response.body) throw new UserError(`cannot download ${url}: HTTP ${response.status}`);
    const total = Number(response.headers.get('content-length')) || null;
    mkdirSync(dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let received = 0;
    out = createWriteStream(part);
    try {
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            touch();
            hash.update(chunk);
            received += chunk.length;
            options.onProgress?.(label, received, total);
            yield chunk;
          }
        },
        out,
      );
    } catch (error) {
      const why = stalled ? `nothing received for ${stallMs / 1000} s` : errorMessage(error);
      throw new UserError(`download of ${url} broke off after ${received} bytes (${why})`);
    }
    if (total !== null && received !== total) {
      throw new UserError(`download of ${url} is incomplete: ${received} of ${total} bytes`);
    }
    renameSync(part, target);
    return { path: label, size: received, sha256: hash.digest('hex') };
  } finally {
    clearTimeout(timer);
    if (out && !out.closed) await new Promise<void>((resolve) => out!.once('close', () => resolve()));
    rmSync(part, { force: true });
  }
}

/**
 * Downloads a transformers.js feature-extraction model (configs, tokenizer, ONNX weights — the quantized
 * file when the repository has one) into `folder`, each file through a .part file renamed on completion,
 * and writes the manifest (sizes, sha256) last: a folder with a manifest was downloaded completely.
 */
export async function pullModel(modelId: string, folder: string, options: PullOptions = {}): Promise<Manifest> {
  const host = (options.host ?? remoteHost()).replace(/\/+$/, '');
  const base = `${host}/${modelId}/resolve/main`;
  mkdirSync(folder, { recursive: true });
  rmSync(join(folder, MANIFEST_FILE), { force: true });
  const files: ModelFile[] = [];
  for (const file of REQUIRED_JSON_FILES) {
    try {
      files.push(await download(`${base}/${file}`, join(folder, file), file, options));
    } catch (error) {
      if (error instanceof NotFound) {
        throw new UserError(`${modelId} has no ${file} on ${host}: is it a transformers.js model id (like Xenova/all-MiniLM-L6-v2)?`);
      }
      throw error;
    }
  }
  let weights: ModelFile | null = null;
  for (const file of ONNX_FILES) {
    try {
      weights = await download(`${base}/${file}`, join(folder, file), file, options);
      break;
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
  }
  if (!weights) {
    throw new UserError(`${modelId} has no ONNX weights (${ONNX_FILES.join(' or ')}) on ${host}: use a model exported for transformers.js`);
  }
  // A stale file of the other variant would be preferred over the new one when loading: remove it.
  for (const file of ONNX_FILES.slice(0, ONNX_FILES.indexOf(weights.path as (typeof ONNX_FILES)[number]))) {
    if (existsSync(join(folder, file))) rmSync(join(folder, file));
  }
  files.push(weights);
  const manifest: Manifest = { model: modelId, source: base, pulledAt: new Date().toISOString(), files };
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
