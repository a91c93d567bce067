import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from './helpers/mock-servers.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';
import { UNREACHABLE_AFTER, failureCause } from '../src/run/index.js';

// How `run` reports failures: the causes with their counts at the end, a non-zero exit when nothing
// succeeded, and one line per model for rate limits however many come back.

let dir: string;
let battery: string;
const PROBES = 40;

beforeAll(() => {
  dir = tempDir('llmfp-run-failures-');
  const probes = Array.from(
    { length: PROBES },
    (_, i) => `  - id: p${i}\n    category: c${i % 2}\n    prompt: "failure test question ${i}"`,
  );
  battery = join(dir, 'battery.yaml');
  writeFileSync(battery, `name: failures\nversion: "1"\ndefaults:\n  language: en\nprobes:\n${probes.join('\n')}\n`);
});

/** The built CLI, run asynchronously: the mock server answering it lives in this process. */
const run = (args: string[]) => runCli(args);

describe('run failure reporting', () => {
  it('a server that refuses connections: the model stopped after a run of refusals, the cause counted, exit code 1', async () => {
    const closed = await startMockServer();
    const url = closed.openaiBaseUrl;
    await closed.close(); // nothing listens on that port any more: connection refused
    const result = await run([
      '--db',
      join(dir, 'refused.db'),
      'run',
      '--battery',
      battery,
      '--retries',
      '0',
      '--name',
      `down=openai-compatible:${url}#m`,
    ]);
    expect(result.status, result.stderr).toBe(1);
    // Requests in flight when the last refusal of the run came back may fail too (concurrency 4 by default).
    const failed = Number(/(\d+) failed: connection refused ×\1/.exec(result.stderr)?.[1]);
    expect(failed).toBeGreaterThanOrEqual(UNREACHABLE_AFTER);
    expect(failed).toBeLessThan(UNREACHABLE_AFTER + 4);
    expect(result.stderr).toContain(`down: stopped asking (unreachable: connection refused on ${UNREACHABLE_AFTER} requests in a row`);
    expect(result.stderr).toContain('llm-fingerprint: every request failed');
  });

  it('a server answering every 7th request with 429: one rate-limit line, the count in the summary, exit code 0', async () => {
    // Every 7th prompt is refused once, on its first request: counting by arrival instead let a retry land
    // on a 7th request again, and on a loaded machine one slot used up its retries.
    const seen = new Set<string>();
    const refused = new Set<string>();
    const server: MockServer = await startMockServer({
      script: (r) => {
        if (seen.has(r.prompt)) return undefined;
        seen.add(r.prompt);
        if (seen.size % 7 !== 0) return undefined;
        refused.add(r.prompt);
        return { kind: 'status', status: 429, headers: { 'retry-after-ms': '20' } };
      },
    });
    try {
      const result = await run([
        '--db',
        join(dir, 'limited.db'),
        'run',
        '--battery',
        battery,
        '--concurrency',
        '3',
        '--name',
        `busy=openai-compatible:${server.openaiBaseUrl}#m`,
      ]);
      expect(result.status, result.stderr).toBe(0);
      const notes = result.stderr.split('\n').filter((line) => line.includes('rate limited, concurrency'));
      expect(notes).toHaveLength(1);
      const limited = refused.size;
      expect(limited).toBeGreaterThan(3);
      expect(result.stderr).toContain(`busy: ${PROBES} done, 0 failed (rate limited ×${limited}, concurrency cut `);
    } finally {
      await server.close();
    }
  });
});

describe('failure causes', () => {
  it('names common network errors and drops the variable tail of other messages', () => {
    expect(failureCause('connection failed: connect ECONNREFUSED 127.0.0.1:4567 (after 5 attempts)')).toBe('connection refused');
    expect(failureCause('timed out after 120000 ms (after 5 attempts)')).toBe('timed out');
    expect(failureCause('503 scripted 503 (after 4 attempts)')).toBe('503 scripted 503');
    expect(failureCause('bad gateway at 10.0.0.1:80')).toBe('bad gateway at ADDRESS');
  });
});
