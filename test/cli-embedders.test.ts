import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listEmbedders, MINILM_MODEL_ID } from '../src/embed/index.js';
import { runCli, type CliResult } from './helpers/cli.js';
import { startModelHub, type ModelHub } from './helpers/model-hub.js';
import { tempDir } from './helpers/temp.js';
import { copyTinyBert, TINY_BERT_DIR } from './helpers/tiny-bert.js';

const offline = (dir: string) => ({ LLM_FINGERPRINT_OFFLINE: '1', LLM_FINGERPRINT_EMBEDDER_DIR: dir });

function minilmDir(): string {
  const dir = tempDir('llmfp-cli-embedders-');
  copyTinyBert(join(dir, ...MINILM_MODEL_ID.split('/')));
  return dir;
}

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.status).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

let hub: ModelHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

describe('llm-fingerprint embedders', () => {
  it('an explicitly requested model that is missing offline: one-line error naming the remedy, exit 1', async () => {
    const dir = tempDir();
    expectOneLineError(
      await runCli(['embedders', 'check', 'minilm'], offline(dir)),
      /^llm-fingerprint: embedding model Xenova\/all-MiniLM-L6-v2 is not in .* run `llm-fingerprint embedders pull minilm`/,
    );
    expectOneLineError(await runCli(['embedders', 'pull'], offline(dir)), /downloads are off/);
  });

  it('auto without the model, offline by choice: style alone, and no notice', async () => {
    const result = await runCli(['embedders', 'check', '--json'], offline(tempDir()));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).embedders.map((e: { view: string }) => e.view)).toEqual(['style']);
    expect(result.stderr).toBe('');
  });

  it('auto when the model cannot be fetched: style alone, with one short notice', async () => {
    // Downloads allowed, but the hub is a closed local port: the fetch fails at once, nothing leaves the machine.
    const env = {
      LLM_FINGERPRINT_OFFLINE: '0',
      HF_HUB_OFFLINE: '0',
      HF_ENDPOINT: 'http://127.0.0.1:9',
      LLM_FINGERPRINT_EMBEDDER_DIR: tempDir(),
    };
    const result = await runCli(['embedders', 'check', '--json'], env);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).embedders.map((e: { view: string }) => e.view)).toEqual(['style']);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^llm-fingerprint: style view only: minilm did not load \(/);
    expect(lines[0]!.length).toBeLessThan(200);
  });

  it('list shows the folder and what is ready; --embedder-dir overrides the environment', async () => {
    const dir = minilmDir();
    const result = await runCli(['--embedder-dir', dir, 'embedders', 'list', '--json'], offline(tempDir()));
    expect(result.status).toBe(0);
    const listing = JSON.parse(result.stdout);
    expect(listing.dir).toBe(dir);
    expect(listing.embedders[0]).toMatchObject({ name: 'style', available: true });
    expect(listing.embedders[1]).toMatchObject({ name: 'minilm', model: MINILM_MODEL_ID, available: true, onnxFile: 'onnx/model.onnx' });
    expect(listing.embedders[1].id).toMatch(/^tfjs:Xenova\/all-MiniLM-L6-v2@[0-9a-f]{12}$/);

    const check = await runCli(['--embedder-dir', dir, 'embedders', 'check', 'style,minilm', '--json'], offline(tempDir()));
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout).embedders[1]).toEqual({
      view: 'minilm',
      id: listing.embedders[1].id,
      kind: 'transformers',
      dimension: 4,
    });
  });

  it('a corrupt model file: one-line error and exit 1 for check, a problem entry in the list', async () => {
    const dir = minilmDir();
    const onnx = join(dir, ...MINILM_MODEL_ID.split('/'), 'onnx', 'model.onnx');
    writeFileSync(onnx, readFileSync(onnx).subarray(0, 1200));
    expectOneLineError(
      await runCli(['embedders', 'check', 'minilm'], offline(dir)),
      /model file onnx\/model\.onnx of Xenova\/all-MiniLM-L6-v2 is not a usable ONNX model/,
    );
    const list = listEmbedders(dir);
    expect(list[1]).toMatchObject({ name: 'minilm', available: false });
    expect(list[1]!.problem).toMatch(/not a usable ONNX model/);
  });

  it('pull downloads a model (from a local stand-in for the hub) and says so; a second pull finds it there', async () => {
    hub = await startModelHub({ 'acme/tiny-bert': TINY_BERT_DIR });
    const dir = tempDir();
    const pulled = await runCli(['embedders', 'pull', 'acme/tiny-bert'], {
      HF_ENDPOINT: hub.url,
      LLM_FINGERPRINT_EMBEDDER_DIR: dir,
      LLM_FINGERPRINT_OFFLINE: '',
    });
    expect(pulled.stderr).toBe('');
    expect(pulled.status).toBe(0);
    expect(pulled.stdout).toMatch(/^pulled acme\/tiny-bert into .*: embedder tfjs:acme\/tiny-bert@[0-9a-f]{12}, 4 dimensions$/m);
    const again = await runCli(['embedders', 'pull', 'acme/tiny-bert'], offline(dir));
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already in');
  });

  it('pull on a connection dropped mid-download: a one-line error, exit 1, no stack and no .part file, every time', async () => {
    hub = await startModelHub({ 'acme/tiny-bert': TINY_BERT_DIR }, { cutAfterBytes: 700 });
    // The defect showed in 3 runs of 5 (a race between the dropped socket and the file stream): five runs,
    // side by side, each into a folder of its own.
    const dirs = Array.from({ length: 5 }, () => tempDir());
    const env = (dir: string) => ({ HF_ENDPOINT: hub!.url, LLM_FINGERPRINT_EMBEDDER_DIR: dir, LLM_FINGERPRINT_OFFLINE: '' });
    const results = await Promise.all(dirs.map((dir) => runCli(['embedders', 'pull', 'acme/tiny-bert'], env(dir))));
    for (const [run, result] of results.entries()) {
      expectOneLineError(result, /^llm-fingerprint: download of .*onnx\/model\.onnx (broke off|is incomplete)/);
      const leftovers = (readdirSync(dirs[run]!, { recursive: true }) as string[]).filter((f) => f.endsWith('.part'));
      expect(leftovers, `run ${run}`).toEqual([]);
    }
  });
});
