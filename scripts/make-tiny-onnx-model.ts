/**
 * Generates test/fixtures/tiny-bert/: a 4-dimensional BERT-type feature-extraction model (ONNX graph,
 * WordPiece tokenizer, configs) that transformers.js loads exactly like a real Hugging Face model, so the
 * tests exercise the real loading, tokenizing, pooling and normalization path without any download.
 *
 * The graph: last_hidden_state = tanh(word_embeddings[input_ids] + type_embeddings[token_type_ids])
 *                                * attention_mask, shape [batch, seq, 4].
 * Weights come from a fixed-seed generator, so re-running the script reproduces the same bytes.
 *
 * Usage: npm run build && node dist/scripts/make-tiny-onnx-model.js [OUT_DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import onnxProto from 'onnx-proto';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { seededRandom } from '../src/score/statistics.js';

const { onnx } = onnxProto;

export const TINY_BERT_HIDDEN = 4;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const WORDS = [
  'the',
  'a',
  'is',
  'it',
  'to',
  'of',
  'and',
  'in',
  'you',
  'i',
  'that',
  'this',
  'for',
  'with',
  'can',
  'be',
  'hello',
  'world',
  'cat',
  'dog',
  'sat',
  'on',
  'mat',
  'model',
  'language',
  'answer',
  'question',
  'here',
  'are',
  'some',
  'steps',
  'sure',
  'certainly',
  'help',
  'code',
  'python',
  'function',
  'data',
  'good',
  'bad',
  'play',
  'run',
  'walk',
  'talk',
  'fast',
  'slow',
  'red',
  'blue',
  'green',
  'one',
  'two',
  'three',
  '##s',
  '##ing',
  '##ed',
  '##er',
  '##ly',
  '##y',
  '.',
  ',',
  '!',
  '?',
  ':',
  ';',
  '-',
  '#',
  '*',
  '(',
  ')',
  '"',
  "'",
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
];
export const TINY_BERT_VOCAB: readonly string[] = [...SPECIAL_TOKENS, ...WORDS];

function randomTable(rows: number, cols: number, seed: number): Float32Array {
  const next = seededRandom(seed);
  const table = new Float32Array(rows * cols);
  for (let i = 0; i < table.length; i++) table[i] = Math.round((next() * 2 - 1) * 1000) / 1000;
  return table;
}

function floatTensor(name: string, dims: number[], values: Float32Array): InstanceType<typeof onnx.TensorProto> {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  });
}

function int64Tensor(name: string, values: number[]): InstanceType<typeof onnx.TensorProto> {
  return onnx.TensorProto.create({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
}

function valueInfo(name: string, elemType: number, dims: Array<number | string>): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

export function buildTinyBertModel(): Uint8Array {
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const words = randomTable(TINY_BERT_VOCAB.length, TINY_BERT_HIDDEN, 20240601);
  const types = randomTable(2, TINY_BERT_HIDDEN, 7);
  const node = (opType: string, input: string[], output: string[], attribute: object[] = []) =>
    onnx.NodeProto.create({ opType, input, output, name: output[0], attribute });

  const graph = onnx.GraphProto.create({
    name: 'tiny-bert',
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
      valueInfo('token_type_ids', INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', TINY_BERT_HIDDEN])],
    initializer: [
      floatTensor('word_embeddings', [TINY_BERT_VOCAB.length, TINY_BERT_HIDDEN], words),
      floatTensor('type_embeddings', [2, TINY_BERT_HIDDEN], types),
      int64Tensor('last_axis', [-1]),
    ],
    node: [
      node('Gather', ['word_embeddings', 'input_ids'], ['word_vectors'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Gather', ['type_embeddings', 'token_type_ids'], ['type_vectors'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Add', ['word_vectors', 'type_vectors'], ['summed']),
      node('Tanh', ['summed'], ['activated']),
      node('Cast', ['attention_mask'], ['mask_float'], [{ name: 'to', type: 2, i: FLOAT }]),
      node('Unsqueeze', ['mask_float', 'last_axis'], ['mask_3d']),
      node('Mul', ['activated', 'mask_3d'], ['last_hidden_state']),
    ],
  });

  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'llm-fingerprint make-tiny-onnx-model',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

export function tinyBertTokenizer(): object {
  const vocab = Object.fromEntries(TINY_BERT_VOCAB.map((token, id) => [token, id]));
  const special = SPECIAL_TOKENS.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special,
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

export function writeTinyBert(outDir: string): void {
  mkdirSync(join(outDir, 'onnx'), { recursive: true });
  const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
  writeFileSync(
    join(outDir, 'config.json'),
    json({
      architectures: ['BertModel'],
      model_type: 'bert',
      hidden_size: TINY_BERT_HIDDEN,
      vocab_size: TINY_BERT_VOCAB.length,
      type_vocab_size: 2,
      num_attention_heads: 1,
      num_hidden_layers: 0,
      max_position_embeddings: 128,
      pad_token_id: 0,
    }),
  );
  writeFileSync(join(outDir, 'tokenizer.json'), json(tinyBertTokenizer()));
  writeFileSync(
    join(outDir, 'tokenizer_config.json'),
    json({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 128,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  writeFileSync(join(outDir, 'onnx', 'model.onnx'), buildTinyBertModel());
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  const outDir = resolve(process.argv[2] ?? join(PACKAGE_ROOT, 'test', 'fixtures', 'tiny-bert'));
  writeTinyBert(outDir);
  process.stdout.write(`wrote tiny BERT fixture to ${outDir}\n`);
}
