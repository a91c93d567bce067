import { parentPort } from 'node:worker_threads';
import { STYLE_DIMENSION, styleVector } from './style.js';

/** A style-embedding worker: texts in, one packed Float32Array (texts × dimension) out, transferred. */
parentPort?.on('message', (message: { id: number; texts: string[] }) => {
  const packed = new Float32Array(message.texts.length * STYLE_DIMENSION);
  message.texts.forEach((text, i) => packed.set(styleVector(text), i * STYLE_DIMENSION));
  parentPort!.postMessage({ id: message.id, packed }, [packed.buffer]);
});
