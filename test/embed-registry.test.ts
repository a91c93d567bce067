import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  disposeEmbedders,
  listEmbedders,
  MINILM_MODEL_ID,
  pullEmbedder,
  pullModel,
  resolveEmbedders,
  type Embedder,
} from '../src/embed/index.js';
import { MANIFEST_FILE } from '../src/embed/transformers/index.js';
import { UserError } from '../src/util/errors.js';
import { startModelHub, type ModelHub } from './helpers/model-hub.js';
import { tempDir } from './helpers/temp.js';
import { copyTinyBert, TINY_BERT_DIR } from './helpers/tiny-bert.js';

const loaded: Embedder[] = [];
let hub: ModelHub | null = null;
afterEach(async () => {
  await disposeEmbedders(loaded.splice(0));
  await hub?.close();
  hub = null;
});

async function resolve(spec: string, options: Parameters<typeof resolveEmbedders>[1]) {
  const result = await resolveEmbedders(spec, options);
  loaded.push(...result.embedders);
  return result;
}

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** An embedding-models folder where "minilm" is (a copy of) the tiny fixture. */
function dirWithMinilm(): string {
  const dir = tempDir('llmfp-embedders-');
  copyTinyBert(join(dir, ...MINILM_MODEL_ID.split('/')));
  return dir;
}

describe('resolveEmbedders', () => {
  it('style alone', async () => {
    const { embedders, notices } = await resolve('style', { embedderDir: tempDir(), allowRemote: false });
    expect(embedders.map((e) => e.view)).toEqual(['style']);
    expect(notices).toEqual([]);
  });

  it('auto without the model and without downloads: style alone, one short notice naming the remedy, none when offline by choice', async () => {
    const dir = tempDir();
    const offline = process.env.LLM_FINGERPRINT_OFFLINE;
    delete process.env.LLM_FINGERPRINT_OFFLINE;
    try {
      const { embedders, notices } = await resolve('auto', { embedderDir: dir, allowRemote: false });
      expect(embedders.map((e) => e.view)).toEqual(['style']);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain('llm-fingerprint embedders pull minilm');
      expect(notices[0]).not.toContain('\n');
      expect(notices[0]!.length).toBeLessThan(100);
    } finally {
      if (offline !== undefined) process.env.LLM_FINGERPRINT_OFFLINE = offline;
    }
    // The test environment sets LLM_FINGERPRINT_OFFLINE=1: style alone is what the user asked for, so nothing is said.
    const { embedders, notices } = await resolve('auto', { embedderDir: dir, allowRemote: false });
    expect(embedders.map((e) => e.view)).toEqual(['style']);
    expect(notices).toEqual([]);
  });

  it('auto with the model present: style plus minilm, whose id names the model and its files', async () => {
    const { embedders, notices } = await resolve('auto', { embedderDir: dirWithMinilm(), allowRemote: false });
    expect(notices).toEqual([]);
    expect(embedders.map((e) => e.view)).toEqual(['style', 'minilm']);
    expect(embedders[1]!.id).toMatch(/^tfjs:Xenova\/all-MiniLM-L6-v2@[0-9a-f]{12}$/);
  });

  it('auto with a damaged model: style alone, and the notice says what is wrong', async () => {
    const dir = dirWithMinilm();
    const onnx = join(dir, ...MINILM_MODEL_ID.split('/'), 'onnx', 'model.onnx');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(onnx, readFileSync(onnx).subarray(0, 500));
    const { embedders, notices } = await resolve('auto', { embedderDir: dir, allowRemote: false });
    expect(embedders.map((e) => e.view)).toEqual(['style']);
    expect(notices[0]).toMatch(
      /^style view only: minilm did not load \(model file onnx\/model\.onnx of Xenova\/all-MiniLM-L6-v2 is not a usable ONNX/,
    );
  });

  it('explicit minilm that is missing with downloads off is an error naming the remedy, never a silent switch', async () => {
    const dir = tempDir();
    const error = await rejection(resolve('minilm', { embedderDir: dir, allowRemote: false }));
    expect(error.message).toContain(`embedding model ${MINILM_MODEL_ID} is not in ${dir} and downloads are off`);
    expect(error.message).toContain('llm-fingerprint embedders pull minilm');
    expect(error.message).toContain('LLM_FINGERPRINT_EMBEDDER_DIR');
    await rejection(resolve('style,minilm', { embedderDir: dir, allowRemote: false }));
  });

  it('several views in order, a folder path, and duplicates once', async () => {
    const { embedders } = await resolve(`style, ${TINY_BERT_DIR},style`, { embedderDir: tempDir(), allowRemote: false });
    expect(embedders.map((e) => e.view)).toEqual(['style', TINY_BERT_DIR]);
    expect(embedders[1]!.record.dimension).toBe(4);
  });

  it('a model id is looked up in the embedding-models folder', async () => {
    const dir = tempDir();
    copyTinyBert(join(dir, 'acme', 'tiny'));
    const { embedders } = await resolve('acme/tiny', { embedderDir: dir, allowRemote: false });
    expect(embedders[0]!.id).toMatch(/^tfjs:acme\/tiny@/);
  });

  it('unknown names and empty specs are errors', async () => {
    expect((await rejection(resolve('bogus', { embedderDir: tempDir(), allowRemote: false }))).message).toMatch(/unknown embedder 'bogus'/);
    await rejection(resolve(' , ', { embedderDir: tempDir(), allowRemote: false }));
    await rejection(resolve('./no/such/folder', { embedderDir: tempDir(), allowRemote: false }));
  });

  it('the same model under a different file set gets a different id', async () => {
    const dir = dirWithMinilm();
    const first = (await resolve('minilm', { embedderDir: dir, allowRemote: false })).embedders[0]!;
    const config = join(dir, ...MINILM_MODEL_ID.split('/'), 'tokenizer_config.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, readFileSync(config, 'utf8').replace('"model_max_length": 128', '"model_max_length": 64'));
    const second = (await resolve('minilm', { embedderDir: dir, allowRemote: false })).embedders[0]!;
    expect(second.id).not.toBe(first.id);
    expect(second.record.fileSha256).toBe(first.record.fileSha256);
  });
});

describe('pulling a model (from a local stand-in for the hub)', () => {
  it('downloads the files, falls back to onnx/model.onnx, writes a manifest, and the model then loads offline', async () => {
    hub = await startModelHub({ 'acme/tiny': TINY_BERT_DIR });
    const dir = tempDir();
    const folder = join(dir, 'acme', 'tiny');
    const progress: string[] = [];
    const manifest = await pullModel('acme/tiny', folder, { host: hub.url, onProgress: (file) => progress.push(file) });
    expect(manifest.files.map((f) => f.path)).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']);
    expect(manifest.files[3]!.size).toBe(readFileSync(join(TINY_BERT_DIR, 'onnx', 'model.onnx')).length);
    expect(hub.requests).toContain('/acme/tiny/resolve/main/onnx/model_quantized.onnx');
    expect(progress).toContain('onnx/model.onnx');
    expect(JSON.parse(readFileSync(join(folder, MANIFEST_FILE), 'utf8')).model).toBe('acme/tiny');
    const { embedders } = await resolve('acme/tiny', { embedderDir: dir, allowRemote: false });
    expect(embedders[0]!.id).toMatch(/^tfjs:acme\/tiny@/);
  });

  it('pullEmbedder downloads and loads a model once, then finds it present; listEmbedders lists it', async () => {
    hub = await startModelHub({ 'acme/tiny': TINY_BERT_DIR });
    const dir = tempDir();
    const pulled = await pullEmbedder('acme/tiny', { embedderDir: dir, host: hub.url, allowRemote: true });
    expect(pulled).toMatchObject({ status: 'pulled', modelId: 'acme/tiny', folder: join(dir, 'acme', 'tiny'), dimension: 4 });
    const again = await pullEmbedder('acme/tiny', { embedderDir: dir, allowRemote: false });
    expect(again).toEqual({ status: 'present', modelId: 'acme/tiny', folder: join(dir, 'acme', 'tiny') });
    const listed = listEmbedders(dir).find((e) => e.name === 'acme/tiny');
    expect(listed).toMatchObject({ available: true, onnxFile: 'onnx/model.onnx' });
    expect(listed!.id).toBe(pulled.status === 'pulled' ? pulled.embedderId : '');
    expect(listed!.problem).toBeUndefined();
    await expect(pullEmbedder('minilm', { embedderDir: dir, allowRemote: false })).rejects.toThrow(/downloads are off/);
    await expect(pullEmbedder('./some/folder', { embedderDir: dir })).rejects.toThrow(/cannot pull '\.\/some\/folder'/);
  });

  it('resolveEmbedders pulls a missing model when downloads are allowed', async () => {
    hub = await startModelHub({ [MINILM_MODEL_ID]: TINY_BERT_DIR });
    const previous = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = hub.url;
    try {
      const dir = tempDir();
      const { embedders, notices } = await resolve('auto', { embedderDir: dir, allowRemote: true });
      expect(notices).toEqual([]);
      expect(embedders.map((e) => e.view)).toEqual(['style', 'minilm']);
      expect(existsSync(join(dir, ...MINILM_MODEL_ID.split('/'), MANIFEST_FILE))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.HF_ENDPOINT;
      else process.env.HF_ENDPOINT = previous;
    }
  });

  it('a download cut short leaves no model file and no manifest behind', async () => {
    hub = await startModelHub({ 'acme/tiny': TINY_BERT_DIR }, { cutAfterBytes: 700 });
    // Three times: the .part file used to be removed before its stream closed, and came back now and then.
    for (let run = 0; run < 3; run++) {
      const folder = join(tempDir(), 'acme', 'tiny');
      const error = await rejection(pullModel('acme/tiny', folder, { host: hub.url }));
      expect(error.message).toMatch(/model\.onnx (broke off|is incomplete)/);
      expect(existsSync(join(folder, 'onnx', 'model.onnx'))).toBe(false);
      expect(existsSync(join(folder, 'onnx', `model.onnx.${process.pid}.part`)), `run ${run}`).toBe(false);
      expect(existsSync(join(folder, MANIFEST_FILE))).toBe(false);
    }
  });

  it('a model id the hub does not have is a clear error', async () => {
    hub = await startModelHub({});
    const error = await rejection(pullModel('acme/none', join(tempDir(), 'x'), { host: hub.url }));
    expect(error.message).toContain('acme/none has no config.json on');
  });
});
