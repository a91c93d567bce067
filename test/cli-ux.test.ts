import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli, runProcess } from './helpers/cli.js';
import { tempDbPath, tempDir, writeTemp } from './helpers/temp.js';

// What a person meets at the terminal: help, errors, notices, missing scores, and the demo.

/** Four models over ten prompts, and "loner", who answered other prompts altogether. */
function population(): string {
  const voices: Record<string, (p: number) => string> = {
    formal: (p) => `Certainly. Regarding topic ${p}, the answer is as follows: it depends on context.`,
    copycat: (p) => `Certainly. Regarding topic ${p}, the answer is as follows: it depends on the context.`,
    casual: (p) => `lol idk about ${p}, maybe ask someone else?? 😅`,
    listy: (p) => `## Topic ${p}\n\n- point one\n- point two\n- **bold** point three`,
  };
  const lines: string[] = [];
  for (let p = 0; p < 10; p++) {
    for (const [model, voice] of Object.entries(voices))
      lines.push(JSON.stringify({ model, prompt: `Tell me about ${p}`, response: voice(p) }));
    lines.push(JSON.stringify({ model: 'loner', prompt: `Something else entirely ${p}`, response: `Loner answer ${p}.` }));
  }
  return writeTemp('population.jsonl', lines.join('\n'));
}

const SUBCOMMANDS = [
  ['import'],
  ['models'],
  ['compare'],
  ['rank'],
  ['matrix'],
  ['report'],
  ['export'],
  ['verify'],
  ['calibrate'],
  ['claims'],
  ['probes', 'list'],
  ['probes', 'validate'],
  ['run'],
  ['demo'],
  ['embedders', 'list'],
  ['embedders', 'pull'],
  ['embedders', 'check'],
];

// Independent processes: side by side (concurrent tests check with their own `expect`).
describe('help', () => {
  it.concurrent.for(SUBCOMMANDS.map((c) => [c.join(' '), c] as const))(
    '%s --help shows the global options and an example',
    async ([, command], { expect }) => {
      const result = await runCli([...command, '--help']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Global Options:');
      expect(result.stdout).toContain('--db <file>');
      expect(result.stdout).toContain('--embedder-dir <dir>');
      expect(result.stdout).toMatch(/Examples:\n {2}\$ llm-fingerprint /);
    },
  );
});

describe('errors', () => {
  it.concurrent.for([
    [['compare', '--bogus'], /^llm-fingerprint: unknown option '--bogus'/],
    [['bogus'], /^llm-fingerprint: unknown command 'bogus'/],
    [['compare', 'only-one'], /^llm-fingerprint: missing required argument 'suspect'/],
    [['report', 'a', 'b', '--format', 'pdf'], /^llm-fingerprint: option '--format <format>' argument 'pdf' is invalid/],
  ] as Array<[string[], RegExp]>)('%j: one line with the one prefix, exit code 1', async ([args, message], { expect }) => {
    const result = await runCli(args);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });
});

describe('scoring commands at the terminal', () => {
  const db = tempDbPath();
  beforeAll(async () => {
    await runCli(['--db', db, 'import', population(), '--format', 'jsonl']);
  });

  it('print no notice about the semantic view when offline by choice', async () => {
    const result = await runCli(['--db', db, 'compare', 'formal', 'copycat'], { LLM_FINGERPRINT_OFFLINE: '1' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('say why a score is missing: too few references', async () => {
    const text = await runCli(['--db', db, 'compare', 'formal', 'copycat', '--reference', 'casual']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      'no calibrated score: calibration needs at least 2 reference models besides the pair that share probes with it; there is only 1',
    );
    const json = JSON.parse((await runCli(['--db', db, 'compare', 'formal', 'copycat', '--reference', 'casual', '--json'])).stdout);
    expect(json.score).toBeNull();
    expect(json.whyNoScore).toMatch(/^calibration needs at least 2 reference models/);
  });

  it('say why a score is missing: no shared probes, in rank and in matrix', async () => {
    const ranked = await runCli(['--db', db, 'rank', 'copycat']);
    expect(ranked.status).toBe(0);
    expect(ranked.stdout).toContain('loner: no score: loner and copycat answered no probe in common');
    const matrix = await runCli(['--db', db, 'matrix']);
    expect(matrix.stdout).toContain('– casual × loner: casual and loner answered no probe in common');
    const json = JSON.parse((await runCli(['--db', db, 'matrix', '--json'])).stdout);
    expect(json.missing).toContainEqual({ models: ['copycat', 'loner'], reason: 'copycat and loner answered no probe in common' });
  });

  it('matrix --html writes a page with the heat map as inline SVG', async () => {
    const out = join(dirname(db), 'matrix.html');
    const result = await runCli(['--db', db, 'matrix', '--models', 'formal,copycat,casual,listy', '--html', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`wrote the matrix as HTML to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/<svg[^>]*>[\s\S]*<path[\s\S]*<\/svg>/);
    expect(html).toContain('>copycat<');
    expect(html).not.toMatch(/<script|https?:\/\//i);
  });
});

describe('demo', () => {
  it('rejects a bad --concurrency before printing or creating anything', async () => {
    const cwd = tempDir('llmfp-demo-bad-');
    const result = await runCli(['demo', '--concurrency', '0'], {}, { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('llm-fingerprint: --concurrency must be a whole number between 1 and 1000, got "0"\n');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('rejects a --report it could not write before collecting anything', async () => {
    const cwd = tempDir('llmfp-demo-bad-');
    const result = await runCli(['demo', '--report', join('missing', 'r.html')], {}, { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`llm-fingerprint: cannot write ${join('missing', 'r.html')}: ENOENT\n`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('runs the whole job on its first run, ends with the verdict, what it means, the report and commands that work', async () => {
    const cwd = tempDir('llmfp-demo-');
    // No wall-clock limit here beyond the test's own timeout: the timed figure lives in bench/demo.ts.
    const result = await runCli(['demo'], { LLM_FINGERPRINT_DB: '' }, { cwd });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('student  calls itself Nova');
    expect(result.stderr).toContain('1595 done, 0 failed');
    expect(result.stdout).toContain('most likely source of student: orion');
    expect(result.stdout).toContain('verdict on orion and student: derived');
    expect(result.stdout).toMatch(/In words: .*The calibrated score, [\d.]+ \(95% interval .*The score cannot tell who copied whom/);
    expect(result.stdout).toContain('report: ./fingerprint-demo-report.html');
    const html = readFileSync(join(cwd, 'fingerprint-demo-report.html'), 'utf8');
    expect(html).toContain('<h1>How alike are orion and student?</h1>');
    expect(html).toContain('<svg');

    const commands = result.stdout.split('\n').filter((line) => line.startsWith('  node '));
    expect(commands).toHaveLength(3);
    // The printed commands work from the same folder, without npm link.
    const compare = await runProcess('sh', ['-c', `${commands[0]!.trim()} --json`], { cwd });
    expect(compare.status, compare.stderr).toBe(0);
    expect(JSON.parse(compare.stdout)).toMatchObject({ source: 'orion', suspect: 'student', verdict: 'derived' });

    // A rerun reuses the stored answers.
    const again = await runCli(['demo'], { LLM_FINGERPRINT_DB: '' }, { cwd });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('1595 of 1595 already stored');
    expect(existsSync(join(cwd, 'fingerprint-demo.db'))).toBe(true);
  }, 300_000);
});
