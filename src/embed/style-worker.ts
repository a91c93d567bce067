import { serveTasks } from '../util/worker-pool.js';
import { STYLE_DIMENSION, styleVectorInto } from './style.js';

/** A style-embedding worker: texts in, one packed Float32Array (texts × dimension) out, moved. */
serveTasks((texts: string[]) => {
  const packed = new Float32Array(texts.length * STYLE_DIMENSION);
  texts.forEach((text, i) => styleVectorInto(text, packed, i * STYLE_DIMENSION));
  return { message: packed, transfer: [packed.buffer] };
});
