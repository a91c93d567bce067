import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Vectors are stored as little-endian float32: exact, portable, and 4 bytes a dimension. On a
 * little-endian machine the result is a view of the vector's own memory (SQLite copies it when bound).
 */
export function encodeVector(vector: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  const out = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) out.writeFloatLE(vector[i]!, i * 4);
  return out;
}

export function decodeVector(blob: Buffer): Float32Array {
  if (blob.length % 4 !== 0) throw new Error(`stored vector has ${blob.length} bytes, not a multiple of 4`);
  if (LITTLE_ENDIAN) return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length));
  const out = new Float32Array(blob.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = blob.readFloatLE(i * 4);
  return out;
}
