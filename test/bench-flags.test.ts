import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertBuilt, runProcess } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

// The benches' flags: a bad one ends the bench at once with one line naming it, exit code 1, and
// nothing left behind (each bench makes its work folder under TMPDIR, here a folder of the test's own).

const BENCH = resolve(__dirname, '../dist/bench');

async function runBench(script: string, args: readonly string[]) {
  assertBuilt();
  const tmp = tempDir();
  const result = await runProcess(process.execPath, [join(BENCH, script), ...args], { env: { ...process.env, TMPDIR: tmp } });
  return { ...result, left: readdirSync(tmp) };
}

describe('bench flags', () => {
  it.each([
    ['accuracy.js', ['--sets', 'bench', '--halves', 'x'], '--halves takes a whole number, not "x"'],
    ['accuracy.js', ['--one-student', '-1'], 'argument is ambiguous'],
    ['accuracy.js', ['--drop-third=2.5'], '--drop-third takes a whole number, not "2.5"'],
    ['accuracy.js', ['--bogus'], "Unknown option '--bogus'"],
    ['case.js', ['--models', '1'], '--models takes a whole number of at least 2, not "1"'],
    ['pipeline.js', ['--scale-prompts', ''], '--scale-prompts takes a whole number of at least 1, not ""'],
    ['embed.js', ['--batch', '0'], '--batch takes a whole number of at least 1, not "0"'],
    ['identity.js', ['--show=all'], '--show takes a whole number, not "all"'],
    ['runner.js', ['--responses', 'many'], '--responses takes a whole number of at least 1, not "many"'],
  ] as const)('%s %j is a one-line error', async (script, args, message) => {
    const { status, stdout, stderr, left } = await runBench(script, args);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    expect(stderr.startsWith('error: ')).toBe(true);
    expect(left).toEqual([]);
  });
});
