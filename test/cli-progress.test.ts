import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createProgress } from '../src/cli/progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
  stream.isTTY = isTTY;
  stream.columns = 100;
  let text = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, written: () => text };
}

describe('progress bar', () => {
  it('prints nothing when the stream is not a terminal', async () => {
    const { stream, written } = fakeStream(false);
    const progress = createProgress('embedding', { stream });
    progress.update(5, 10);
    progress.update(10, 10);
    progress.stop();
    await new Promise((r) => setImmediate(r));
    expect(written()).toBe('');
  });

  it('draws a bar with the label and counts on a terminal, only once there is work', async () => {
    const { stream, written } = fakeStream(true);
    const progress = createProgress('embedding minilm', { stream, minTotal: 5 });
    progress.update(1, 2);
    await new Promise((r) => setImmediate(r));
    expect(written()).toBe('');
    progress.update(64, 128);
    progress.update(128, 128);
    progress.stop();
    await new Promise((r) => setImmediate(r));
    expect(written()).toContain('embedding minilm');
    expect(written()).toContain('128/128');
  });

  it('shows bytes as megabytes for downloads', async () => {
    const { stream, written } = fakeStream(true);
    const progress = createProgress('downloading onnx/model.onnx', { stream, bytes: true });
    progress.update(2 * 1024 * 1024, 4 * 1024 * 1024);
    progress.stop();
    await new Promise((r) => setImmediate(r));
    expect(written()).toContain('2.0 MB/4.0 MB');
  });
});
