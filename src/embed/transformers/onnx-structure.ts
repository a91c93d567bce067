/**
 * A cheap structural check of an ONNX file, done before onnxruntime ever sees it: the protobuf wire format
 * is walked (ModelProto → GraphProto → nodes and initializers) without decoding tensor payloads, so a
 * truncated download, an HTML error page saved as model.onnx or a tensor whose bytes do not match its
 * shape is reported in words. No dependency: only the handful of field numbers below are needed.
 */

export interface OnnxSummary {
  irVersion: number;
  opsetVersion: number | null;
  nodes: number;
  inputs: string[];
  outputs: string[];
  initializers: number;
}

export class OnnxStructureError extends Error {
  override name = 'OnnxStructureError';
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

// ModelProto
const MODEL_IR_VERSION = 1;
const MODEL_GRAPH = 7;
const MODEL_OPSET_IMPORT = 8;
// OperatorSetIdProto
const OPSET_DOMAIN = 1;
const OPSET_VERSION = 2;
// GraphProto
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
// ValueInfoProto
const VALUE_INFO_NAME = 1;
// TensorProto
const TENSOR_DIMS = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_NAME = 8;
const TENSOR_RAW_DATA = 9;
const TENSOR_DATA_LOCATION = 14;
const DATA_LOCATION_EXTERNAL = 1;

/** Bytes per element of ONNX TensorProto.DataType values (strings have no fixed size). */
const ELEMENT_BYTES: Readonly<Record<number, number>> = {
  1: 4,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
  14: 8,
  15: 16,
  16: 2,
};

interface Field {
  number: number;
  wireType: number;
  /** Varint value (as a JS number; ONNX values that matter here are far below 2^53). */
  value: number;
  /** Payload of a length-delimited field. */
  bytes: Uint8Array;
}

const utf8 = new TextDecoder('utf-8');

function readVarint(buf: Uint8Array, pos: number, where: string): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new OnnxStructureError(`file ends inside a number in ${where} (truncated?)`);
    const byte = buf[pos++]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return [value, pos];
    scale *= 128;
  }
  throw new OnnxStructureError(`malformed number in ${where}`);
}

/** Every field of one protobuf message, checking that each one fits inside the message. */
function* fields(buf: Uint8Array, where: string): Generator<Field> {
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos, where);
    const number = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (number === 0) throw new OnnxStructureError(`invalid field number 0 in ${where} (not an ONNX file, or corrupt)`);
    pos = afterTag;
    switch (wireType) {
      case WIRE_VARINT: {
        const [value, next] = readVarint(buf, pos, where);
        pos = next;
        yield { number, wireType, value, bytes: EMPTY };
        break;
      }
      case WIRE_FIXED64:
      case WIRE_FIXED32: {
        const size = wireType === WIRE_FIXED64 ? 8 : 4;
        if (pos + size > buf.length) throw new OnnxStructureError(`file ends inside field ${number} of ${where} (truncated?)`);
        pos += size;
        yield { number, wireType, value: 0, bytes: EMPTY };
        break;
      }
      case WIRE_BYTES: {
        const [length, start] = readVarint(buf, pos, where);
        if (start + length > buf.length) {
          throw new OnnxStructureError(
            `field ${number} of ${where} claims ${length} bytes but only ${buf.length - start} remain (truncated?)`,
          );
        }
        pos = start + length;
        yield { number, wireType, value: 0, bytes: buf.subarray(start, pos) };
        break;
      }
      default:
        throw new OnnxStructureError(`unsupported protobuf wire type ${wireType} in ${where} (not an ONNX file, or corrupt)`);
    }
  }
}

const EMPTY = new Uint8Array(0);

function expectWire(field: Field, wireType: number, what: string): void {
  if (field.wireType !== wireType) throw new OnnxStructureError(`${what} has the wrong encoding (corrupt file)`);
}

function nameOf(message: Uint8Array, nameField: number, where: string): string {
  for (const f of fields(message, where)) if (f.number === nameField && f.wireType === WIRE_BYTES) return utf8.decode(f.bytes);
  return '';
}

function checkTensor(tensor: Uint8Array, index: number): void {
  let name = `initializer #${index}`;
  const dims: number[] = [];
  let dataType = 0;
  let rawLength: number | null = null;
  let external = false;
  for (const f of fields(tensor, name)) {
    if (f.number === TENSOR_NAME && f.wireType === WIRE_BYTES) name = `initializer '${utf8.decode(f.bytes)}'`;
    else if (f.number === TENSOR_DIMS && f.wireType === WIRE_VARINT) dims.push(f.value);
    else if (f.number === TENSOR_DIMS && f.wireType === WIRE_BYTES) {
      for (let pos = 0; pos < f.bytes.length; ) {
        const [dim, next] = readVarint(f.bytes, pos, name);
        dims.push(dim);
        pos = next;
      }
    } else if (f.number === TENSOR_DATA_TYPE) dataType = f.value;
    else if (f.number === TENSOR_RAW_DATA) rawLength = f.bytes.length;
    else if (f.number === TENSOR_DATA_LOCATION && f.value === DATA_LOCATION_EXTERNAL) external = true;
  }
  if (external) {
    throw new OnnxStructureError(`${name} keeps its data in an external file, which is not supported: use a single-file ONNX export`);
  }
  const elementBytes = ELEMENT_BYTES[dataType];
  if (rawLength !== null && elementBytes !== undefined) {
    const expected = dims.reduce((a, b) => a * b, 1) * elementBytes;
    if (expected !== rawLength) {
      throw new OnnxStructureError(`${name} has ${rawLength} bytes of data but its shape [${dims.join(', ')}] needs ${expected}`);
    }
  }
}

function checkGraph(graph: Uint8Array): Omit<OnnxSummary, 'irVersion' | 'opsetVersion'> {
  const summary = { nodes: 0, inputs: [] as string[], outputs: [] as string[], initializers: 0 };
  for (const f of fields(graph, 'the graph')) {
    if (f.number === GRAPH_NODE) {
      expectWire(f, WIRE_BYTES, 'a graph node');
      for (const _ of fields(f.bytes, `node #${summary.nodes}`));
      summary.nodes++;
    } else if (f.number === GRAPH_INITIALIZER) {
      expectWire(f, WIRE_BYTES, 'an initializer');
      checkTensor(f.bytes, summary.initializers++);
    } else if (f.number === GRAPH_INPUT) {
      expectWire(f, WIRE_BYTES, 'a graph input');
      summary.inputs.push(nameOf(f.bytes, VALUE_INFO_NAME, 'a graph input'));
    } else if (f.number === GRAPH_OUTPUT) {
      expectWire(f, WIRE_BYTES, 'a graph output');
      summary.outputs.push(nameOf(f.bytes, VALUE_INFO_NAME, 'a graph output'));
    }
  }
  return summary;
}

/** Walks the file's structure; throws OnnxStructureError naming the first problem found. */
export function checkOnnxStructure(buf: Uint8Array): OnnxSummary {
  if (buf.length === 0) throw new OnnxStructureError('the file is empty');
  let irVersion: number | null = null;
  let opsetVersion: number | null = null;
  let opsetImports = 0;
  let graph: ReturnType<typeof checkGraph> | null = null;
  for (const f of fields(buf, 'the model')) {
    if (f.number === MODEL_IR_VERSION) {
      expectWire(f, WIRE_VARINT, 'ir_version');
      irVersion = f.value;
    } else if (f.number === MODEL_OPSET_IMPORT) {
      expectWire(f, WIRE_BYTES, 'opset_import');
      opsetImports++;
      let domain = '';
      let version: number | null = null;
      for (const g of fields(f.bytes, 'opset_import')) {
        if (g.number === OPSET_DOMAIN && g.wireType === WIRE_BYTES) domain = utf8.decode(g.bytes);
        if (g.number === OPSET_VERSION && g.wireType === WIRE_VARINT) version = g.value;
      }
      if ((domain === '' || domain === 'ai.onnx') && version !== null) opsetVersion = version;
    } else if (f.number === MODEL_GRAPH) {
      expectWire(f, WIRE_BYTES, 'graph');
      graph = checkGraph(f.bytes);
    }
  }
  if (irVersion === null || irVersion === 0) throw new OnnxStructureError('no ONNX ir_version: not an ONNX model');
  if (graph === null) throw new OnnxStructureError('no graph in the file (truncated or not an ONNX model)');
  if (opsetImports === 0) throw new OnnxStructureError('no opset_import in the file (truncated?)');
  if (graph.nodes === 0) throw new OnnxStructureError('the graph has no nodes');
  if (graph.inputs.length === 0 || graph.outputs.length === 0) throw new OnnxStructureError('the graph has no inputs or no outputs');
  return { irVersion, opsetVersion, ...graph };
}
