import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** The committed fixture made by scripts/make-tiny-onnx-model.ts. */
export const TINY_BERT_DIR = resolve(__dirname, '../fixtures/tiny-bert');
export const TINY_BERT_ONNX = join(TINY_BERT_DIR, 'onnx', 'model.onnx');

export function copyTinyBert(to: string): string {
  cpSync(TINY_BERT_DIR, to, { recursive: true });
  return to;
}

export function tinyBertVocab(): Record<string, number> {
  const tokenizer = JSON.parse(readFileSync(join(TINY_BERT_DIR, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } };
  return tokenizer.model.vocab;
}

function table(model: InstanceType<typeof onnx.ModelProto>, name: string): { rows: number; cols: number; values: Float32Array } {
  const tensor = model.graph!.initializer!.find((t) => t.name === name)!;
  const raw = tensor.rawData!;
  const copy = new Uint8Array(raw);
  return { rows: Number(tensor.dims![0]), cols: Number(tensor.dims![1]), values: new Float32Array(copy.buffer) };
}

/** The weight tables, read back from the committed ONNX file (not from the generator). */
export function tinyBertTables(onnxFile = TINY_BERT_ONNX) {
  const model = onnx.ModelProto.decode(readFileSync(onnxFile));
  return { words: table(model, 'word_embeddings'), types: table(model, 'type_embeddings') };
}

/** What the model plus mean pooling plus L2 normalisation must give for these token ids, in float64. */
export function expectedEmbedding(tokenIds: readonly number[], onnxFile = TINY_BERT_ONNX): number[] {
  const { words, types } = tinyBertTables(onnxFile);
  const sum = new Array<number>(words.cols).fill(0);
  for (const id of tokenIds) {
    for (let d = 0; d < words.cols; d++) sum[d]! += Math.tanh(words.values[id * words.cols + d]! + types.values[d]!);
  }
  const mean = sum.map((v) => v / tokenIds.length);
  const norm = Math.hypot(...mean);
  return mean.map((v) => v / norm);
}

/** Rewrites the word-embedding table of a copied fixture (a "new version" of the model). */
export function perturbWordEmbeddings(onnxFile: string, delta: number): void {
  const model = onnx.ModelProto.decode(readFileSync(onnxFile));
  const tensor = model.graph!.initializer!.find((t) => t.name === 'word_embeddings')!;
  const values = new Float32Array(new Uint8Array(tensor.rawData!).buffer);
  for (let i = 0; i < values.length; i++) values[i]! += delta * ((i % 3) - 1);
  tensor.rawData = new Uint8Array(values.buffer);
  writeFileSync(onnxFile, onnx.ModelProto.encode(model).finish());
}

/** Re-encodes the fixture's ONNX file after `edit` changed the decoded model. */
export function editOnnx(onnxFile: string, edit: (model: InstanceType<typeof onnx.ModelProto>) => void): void {
  const model = onnx.ModelProto.decode(readFileSync(onnxFile));
  edit(model);
  writeFileSync(onnxFile, onnx.ModelProto.encode(model).finish());
}
