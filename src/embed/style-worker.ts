import { serveTasks } from '../util/worker-pool.js';
import { STYLE_DIMENSION, styleVector } from './style.js';

/** A style-embedding worker: texts in, one packed Float32Array (texts × dimension) out, moved. */
serveTasks((texts: string[]) => {
  const packed = new Float32Array(texts.length * STYLE_DIMENSION);
  texts.forEach((text, i) => packed.set(styleVector(text), i * STYLE_DIMENSION));
  return { message: packed, transfer: [packed.buffer] };
});
