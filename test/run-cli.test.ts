import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { assertBuilt, CLI, runCli } from './helpers/cli.js';
import { startMockServer, type MockServer } from './helpers/mock-servers.js';
import { tempDir } from './helpers/temp.js';

// Resumability end to end: the built CLI is killed with SIGKILL in the middle of a collection, twice,
// and the same command is run again until done. Every slot must end up answered exactly once, and each
// rerun must ask for exactly the slots that were not stored.

const PROBES = 60;
const MODELS = 2;

let server: MockServer;
let dir: string;
/** Requests arriving after this many (over the server's life) hang: a run cannot finish before it is killed. */
let holdAfter = Infinity;

beforeAll(async () => {
  assertBuilt();
  server = await startMockServer({ latencyMs: 40, script: (request) => (request.index >= holdAfter ? { kind: 'hang' } : undefined) });
  dir = tempDir('llmfp-kill-');
  const probes = Array.from({ length: PROBES }, (_, i) => `  - id: p${i}\n    category: c${i % 3}\n    prompt: "kill test question ${i}"`);
  writeFileSync(join(dir, 'battery.yaml'), `name: kill\nversion: "1"\ndefaults:\n  language: en\nprobes:\n${probes.join('\n')}\n`);
});

afterAll(() => server?.close());

function args(db: string): string[] {
  return [
    CLI,
    '--db',
    db,
    'run',
    '--battery',
    join(dir, 'battery.yaml'),
    '--concurrency',
    '3',
    '--name',
    `first=openai-compatible:${server.openaiBaseUrl}#model-one`,
    '--name',
    `second=openai-compatible:${server.openaiBaseUrl}#model-two`,
  ];
}

function counts(db: string): { rows: number; slots: number; answered: number } {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn
      .prepare(
        `SELECT count(*) AS rows,
                (SELECT count(*) FROM (SELECT DISTINCT model_id, prompt_id, sample_index FROM responses)) AS slots,
                sum(text IS NOT NULL AND error IS NULL) AS answered
         FROM responses`,
      )
      .get() as { rows: number; slots: number; answered: number };
  } finally {
    conn.close();
  }
}

/**
 * Runs the CLI and SIGKILLs it once `stored` responses are in the store. The server answers only a few
 * requests more than that and holds the rest, so however slow this process is to look, the run is still
 * under way when it is killed.
 */
async function runAndKill(db: string, stored: number): Promise<void> {
  holdAfter = server.count() + (stored - (existsSync(db) ? counts(db).rows : 0)) + 10;
  const child = spawn(process.execPath, args(db), { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for (;;) {
    await new Promise((r) => setTimeout(r, 10));
    if (existsSync(db)) {
      try {
        if (counts(db).rows >= stored) break;
      } catch {
        /* schema not created yet */
      }
    }
    if (child.exitCode !== null) throw new Error('the run finished before it could be killed');
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  holdAfter = Infinity;
}

/** Runs the CLI to its end. Asynchronously: the mock server answering it lives in this process. */
function runToEnd(db: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args(db), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('kill -9 and resume', () => {
  it('ends with every slot answered once, each rerun asking only for what was missing', async () => {
    const db = join(dir, 'fp.db');
    const total = PROBES * MODELS;

    const before1 = server.count();
    await runAndKill(db, 20);
    const afterKill1 = counts(db);
    expect(afterKill1.rows).toBeGreaterThanOrEqual(20);
    expect(afterKill1.rows).toBeLessThan(total);
    expect(afterKill1.slots).toBe(afterKill1.rows);
    expect(afterKill1.answered).toBe(afterKill1.rows); // no half-written or placeholder rows
    // Requests in flight at the kill were sent but never stored.
    expect(server.count() - before1).toBeGreaterThanOrEqual(afterKill1.rows);

    const before2 = server.count();
    await runAndKill(db, afterKill1.rows + 30);
    const afterKill2 = counts(db);
    expect(afterKill2.slots).toBe(afterKill2.rows);
    expect(afterKill2.answered).toBe(afterKill2.rows);
    expect(afterKill2.rows).toBeLessThan(total);
    const sentBeforeSecondKill = server.count() - before2;
    expect(sentBeforeSecondKill).toBeGreaterThanOrEqual(afterKill2.rows - afterKill1.rows);

    const before3 = server.count();
    const finish = await runToEnd(db);
    expect(finish.status, finish.stderr).toBe(0);
    expect(server.count() - before3).toBe(total - afterKill2.rows);
    expect(finish.stderr).toContain(`${afterKill2.rows} of ${total} already stored`);
    expect(counts(db)).toEqual({ rows: total, slots: total, answered: total });

    // Nothing left: a fourth run asks nothing.
    const before4 = server.count();
    expect((await runToEnd(db)).status).toBe(0);
    expect(server.count()).toBe(before4);

    const conn = new Database(db, { readonly: true });
    const statuses = conn.prepare('SELECT status FROM runs ORDER BY id').pluck().all();
    conn.close();
    // A killed run cannot mark itself; the next run on this machine finds its process gone and does.
    expect(statuses).toEqual(['interrupted', 'interrupted', 'finished', 'finished']);
  }, 120_000);
});

describe('run command input errors', () => {
  // Only PATH from this environment: no API key of the machine running the tests can leak in.
  const cli = (argv: string[], env: Record<string, string> = {}, db = join(dir, 'errors.db')) =>
    runCli(['--db', db, ...argv], { PATH: process.env.PATH, ...env }, { inheritEnv: false });

  it('answers a bad spec, a missing key, a bad number or no model with one line and exit code 1', async () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [
        ['run', '--model', 'gpt-4o'],
        /bad model spec "gpt-4o": no provider prefix; valid forms: openai:<model>, anthropic:<model>, openai-compatible:<base-url>#<model>, ollama:<model>, exec:<command>, replay:<file>/,
      ],
      [['run', '--model', 'openai:gpt-4o'], /needs an API key: set OPENAI_API_KEY/],
      [['run', '--model', 'anthropic:claude', '--api-key-env', 'MY_KEY'], /set MY_KEY/],
      [['run', '--model', 'exec:cat', '--samples', '0'], /--samples must be a whole number between 1 and 100, got "0"/],
      [['run', '--model', 'exec:cat', '--concurrency', 'lots'], /--concurrency must be a whole number/],
      [['run', '--model', 'exec:cat', '--battery', join(dir, 'nope.yaml')], /does not exist/],
      [['run'], /at least one --model/],
    ];
    // All at once, each with a database of its own.
    const results = await Promise.all(cases.map(([argv, , env], i) => cli(argv, env, join(dir, `errors-${i}.db`))));
    for (const [i, [argv, message]] of cases.entries()) {
      const result = results[i]!;
      expect(result.status, argv.join(' ')).toBe(1);
      expect(result.stderr, argv.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it('runs an exec: model and prints a JSON summary', async () => {
    const result = await cli(['run', '--battery', join(dir, 'battery.yaml'), '--name', 'echo=exec:cat', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ status: 'finished', planned: PROBES, done: PROBES, failed: 0, missing: 0 });
    expect(summary.models).toEqual([expect.objectContaining({ label: 'echo', spec: 'exec:cat', done: PROBES })]);
  });
});
