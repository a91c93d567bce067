import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBattery } from '../src/probes/index.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

// Runs the built CLI (dist/, built by `npm test`'s pretest or `npx tsc -p .`) as a user would.

const dir = tempDir('llmfp-probes-cli-');
const goodFile = join(dir, 'good.yaml');
writeFileSync(
  goodFile,
  [
    'name: tiny',
    'version: "0.1"',
    'defaults: {language: en}',
    'probes:',
    '  - {id: who, category: identity, prompt: Who created you?}',
    '  - id: number',
    '    category: low-entropy',
    '    params: {temperature: 1}',
    '    samples: 5',
    '    system: Answer briefly.',
    '    prompt: Pick a number.',
    '',
  ].join('\n'),
);
const badFile = join(dir, 'bad.yaml');
writeFileSync(
  badFile,
  'name: tiny\nversion: "1"\nprobes:\n  - id: a\n    category: c\n    language: en\n    prompt: x\n    params: {temperature: 7}\n',
);

describe('probes list', () => {
  it('prints the default battery as JSON in the contract shape', async () => {
    const result = await runCli(['probes', 'list', '--json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as {
      name: string;
      version: string;
      hash: string;
      probes: Array<Record<string, unknown>>;
    };
    const battery = loadBattery('default');
    expect(json).toMatchObject({ name: 'default', version: '1', hash: battery.hash });
    expect(json.probes).toHaveLength(battery.probes.length);
    for (const probe of json.probes) {
      expect(Object.keys(probe).sort()).toEqual(['category', 'id', 'language', 'messages', 'params', 'samples']);
    }
    expect(json.probes[0]).toEqual({
      id: battery.probes[0]!.id,
      category: battery.probes[0]!.category,
      language: battery.probes[0]!.language,
      samples: battery.probes[0]!.samples,
      params: battery.probes[0]!.params,
      messages: battery.probes[0]!.messages,
    });
  });

  it('lists a battery file given by path', async () => {
    const result = await runCli(['probes', 'list', '--battery', goodFile, '--json']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ name: 'tiny', version: '0.1', source: goodFile });
    expect(json.probes[1]).toEqual({
      id: 'number',
      category: 'low-entropy',
      language: 'en',
      samples: 5,
      params: { temperature: 1 },
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Pick a number.' },
      ],
    });
  });

  it('prints a summary line and a table without --json', async () => {
    const result = await runCli(['probes', 'list', '--battery', goodFile]);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^battery "tiny" version 0\.1, 2 probes in 2 categories, 6 responses per model, sha256 [0-9a-f]{64}$/);
    expect(result.stdout).toContain('who');
    expect(result.stdout).toContain('[system] Pick a number.');
    expect(result.stdout).not.toContain('\u001b['); // no colour codes into a pipe
  });

  it('fails with one line and exit code 1 for an unknown battery or a bad file', async () => {
    const unknown = await runCli(['probes', 'list', '--battery', 'no-such-battery']);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^llm-fingerprint: no built-in battery named "no-such-battery".*\n$/);

    const bad = await runCli(['probes', 'list', '--battery', badFile, '--json']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.split('\n')).toHaveLength(2); // one line plus the final newline
  });
});

describe('probes validate', () => {
  it('prints one OK line with the count and hash', async () => {
    const result = await runCli(['probes', 'validate', goodFile]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `OK ${goodFile}: "tiny" version 0.1, 2 probes in 2 categories, 6 responses per model, sha256 ${loadBattery(goodFile).hash}\n`,
    );
  });

  it('validates the shipped default battery', async () => {
    const result = await runCli(['probes', 'validate', 'probes/default.yaml']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^OK probes\/default\.yaml: "default" version 1, \d+ probes in \d+ categories/);
  });

  it('prints the first problem as file:line:col on one line and exits 1', async () => {
    const result = await runCli(['probes', 'validate', badFile]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`llm-fingerprint: ${badFile}:8:27: probe "a": params.temperature: must be between 0 and 2\n`);
  });

  it('exits 1 for a missing file or a missing argument', async () => {
    const missing = await runCli(['probes', 'validate', join(dir, 'absent.yaml')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`llm-fingerprint: battery file ${join(dir, 'absent.yaml')} does not exist\n`);
    const noArgument = await runCli(['probes', 'validate']);
    expect(noArgument.status).toBe(1);
    expect(noArgument.stderr).toMatch(/missing required argument/);
  });
});
