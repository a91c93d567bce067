import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createProgress } from '../src/util/progress.js';
import { barProgress } from '../src/run/index.js';
import { formatBytes } from '../src/util/bytes.js';

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

  it("the run's bar is the same bar, with failures, retries and notes printed above it", async () => {
    const { stream, written } = fakeStream(true);
    (stream as unknown as { clearLine: () => void; cursorTo: () => void }).clearLine = () => undefined;
    (stream as unknown as { cursorTo: () => void }).cursorTo = () => undefined;
    const sink = barProgress(stream);
    const counts = { total: 8, done: 0, failed: 0, retried: 0 };
    sink.start(counts);
    sink.update({ ...counts, done: 3, failed: 1, retried: 2 });
    sink.note('model-a: rate limited, concurrency 4 → 2');
    sink.stop({ ...counts, done: 7, failed: 1, retried: 2 });
    await new Promise((r) => setImmediate(r));
    expect(written()).toContain('collecting');
    expect(written()).toContain('8/8 | 1 failed | 2 retried');
    expect(written()).toContain('model-a: rate limited, concurrency 4 → 2\n');
  });
});

describe('byte sizes', () => {
  it('are shown in B, KB or MB', () => {
    expect([formatBytes(512), formatBytes(3.5 * 1024), formatBytes(86.2 * 1024 * 1024)]).toEqual(['512 B', '3.5 KB', '86.2 MB']);
  });
});
