import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOnnxStructure, loadTransformersEmbedder, MANIFEST_FILE, OnnxStructureError } from '../src/embed/transformers/index.js';
import { runIsolated, trialOutcome } from '../src/embed/transformers/isolated-load.js';
import { UserError } from '../src/util/errors.js';
import { sha256Hex } from '../src/util/hash.js';
import { tempDir } from './helpers/temp.js';
import { copyTinyBert, editOnnx, perturbWordEmbeddings, TINY_BERT_ONNX } from './helpers/tiny-bert.js';

const fixtureBytes = readFileSync(TINY_BERT_ONNX);

function fixtureCopy(): { dir: string; onnx: string } {
  const dir = copyTinyBert(join(tempDir('llmfp-model-'), 'tiny-bert'));
  return { dir, onnx: join(dir, 'onnx', 'model.onnx') };
}

async function loadError(dir: string): Promise<UserError> {
  const error = await loadTransformersEmbedder(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('ONNX structure check', () => {
  it('reads the fixture: inputs, outputs, nodes, initializers', () => {
    expect(checkOnnxStructure(fixtureBytes)).toEqual({
      irVersion: 7,
      opsetVersion: 13,
      nodes: 7,
      inputs: ['input_ids', 'attention_mask', 'token_type_ids'],
      outputs: ['last_hidden_state'],
      initializers: 3,
    });
  });

  it('rejects the file truncated at every possible length', () => {
    for (let length = 0; length < fixtureBytes.length; length++) {
      expect(() => checkOnnxStructure(fixtureBytes.subarray(0, length)), `truncated to ${length} bytes`).toThrow(OnnxStructureError);
    }
  });

  it('rejects files that are not ONNX: an HTML error page, random bytes', () => {
    expect(() => checkOnnxStructure(Buffer.from('<!DOCTYPE html><html>Not Found</html>'))).toThrow(OnnxStructureError);
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) & 255;
    expect(() => checkOnnxStructure(noise)).toThrow(OnnxStructureError);
  });

  it('rejects a tensor whose bytes do not match its shape, and external data', () => {
    const { onnx } = fixtureCopy();
    editOnnx(onnx, (model) => (model.graph!.initializer![0]!.dims = [86, 5]));
    expect(() => checkOnnxStructure(readFileSync(onnx))).toThrow(/word_embeddings.*1376 bytes.*\[86, 5\] needs 1720/);
    const second = fixtureCopy();
    editOnnx(second.onnx, (model) => {
      const tensor = model.graph!.initializer![0]!;
      tensor.dataLocation = 1;
      tensor.externalData = [{ key: 'location', value: '../../../etc/passwd' }];
      tensor.rawData = new Uint8Array();
    });
    expect(() => checkOnnxStructure(readFileSync(second.onnx))).toThrow(/external file/);
  });
});

describe('model files are checked before loading', () => {
  it('a truncated model file is a clear UserError, and this process goes on embedding', async () => {
    const { dir, onnx } = fixtureCopy();
    writeFileSync(onnx, fixtureBytes.subarray(0, 1000));
    const error = await loadError(dir);
    expect(error.message).toMatch(/model file onnx\/model\.onnx of tiny-bert is not a usable ONNX model: .*truncated/);
    // still alive, and a good model still loads and embeds in the same process
    const good = await loadTransformersEmbedder(fixtureCopy().dir);
    expect((await good.embed(['hello']))[0]).toHaveLength(4);
    await good.dispose?.();
  });

  it('a structurally sound but invalid graph is refused by the isolated onnxruntime trial, not by a crash here', async () => {
    const { dir, onnx } = fixtureCopy();
    editOnnx(onnx, (model) => (model.graph!.node![3]!.opType = 'NoSuchOp'));
    expect(() => checkOnnxStructure(readFileSync(onnx))).not.toThrow();
    const error = await loadError(dir);
    expect(error.message).toMatch(/cannot be opened by onnxruntime: .*NoSuchOp/);
    expect(error.message.split('\n')[0]).toContain('replace the model files');
  });

  it('a file changed since it was pulled is reported as damaged, with both hashes', async () => {
    const { dir, onnx } = fixtureCopy();
    const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'].map((path) => {
      const bytes = readFileSync(join(dir, path));
      return { path, size: bytes.length, sha256: sha256Hex(bytes) };
    });
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ model: 'test/tiny-bert', source: 'test', pulledAt: '', files }));
    const loaded = await loadTransformersEmbedder(dir);
    expect(loaded.id).toMatch(/^tfjs:test\/tiny-bert@/);
    await loaded.dispose?.();
    // nudge the weights: still a valid ONNX model that loads, but not the file that was pulled
    perturbWordEmbeddings(onnx, 0.001);
    expect(() => checkOnnxStructure(readFileSync(onnx))).not.toThrow();
    const error = await loadError(dir);
    expect(error.message).toMatch(
      /model file onnx\/model\.onnx of test\/tiny-bert is damaged: .*sha256 [0-9a-f]{12}\) when pulled, now .*sha256 [0-9a-f]{12}\)/,
    );
  });

  it('missing files are named', async () => {
    const { dir, onnx } = fixtureCopy();
    rmSync(onnx);
    rmSync(join(dir, 'tokenizer.json'));
    const error = await loadError(dir);
    expect(error.message).toContain('is incomplete: missing tokenizer.json, onnx/model_quantized.onnx or onnx/model.onnx');
  });

  it('invalid JSON in the tokenizer is named', async () => {
    const { dir } = fixtureCopy();
    writeFileSync(join(dir, 'tokenizer.json'), '{"truncated": ');
    expect((await loadError(dir)).message).toMatch(/tokenizer\.json of tiny-bert is not valid JSON/);
  });
});

describe('isolated trial load', () => {
  it('reports a child that crashes with a signal instead of crashing this process', async () => {
    const result = trialOutcome(await runIsolated("process.kill(process.pid, 'SIGSEGV')", [], 30_000));
    expect(result).toEqual({ ok: false, problem: 'onnxruntime crashed while opening the model (SIGSEGV)' });
  });

  it('reports a child that aborts or hangs', async () => {
    const aborted = trialOutcome(await runIsolated("process.stderr.write('fatal: boom\\n'); process.exit(134)", [], 30_000));
    expect(aborted).toEqual({ ok: false, problem: 'onnxruntime exited with code 134: fatal: boom' });
    const hung = trialOutcome(await runIsolated('setInterval(() => {}, 1000)', [], 300));
    expect(hung.ok).toBe(false);
    expect(hung.problem).toMatch(/did not finish/);
  });
});
