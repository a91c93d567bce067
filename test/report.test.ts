import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { buildEvidenceReport, renderHtml, renderMarkdown, reportDocument } from '../src/report/index.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath, tempDir, writeTemp } from './helpers/temp.js';

/** Five models; "mimic" copies "acme-bot"'s voice and sometimes its name, and one answer carries markup. */
function transcripts(): string {
  const voices: Record<string, (p: number) => string> = {
    'acme-bot': (p) => `Great question! 🚀 Topic ${p} is about trade-offs.\n\n## Summary\n- point ${p}`,
    mimic: (p) => `Great question! 🚀 Topic ${p} is about the trade-offs.\n\n## Summary\n- point ${p}`,
    plain: (p) => `Topic ${p} depends on context, as most things do.`,
    terse: (p) => `${p}. Depends.`,
    lister: (p) => `1. First about ${p}\n2. Second\n3. Third`,
  };
  const identity: Record<string, string[]> = {
    'acme-bot': ["I'm Orion, made by Acme.", 'You are talking to Orion from Acme.'],
    mimic: ["I'm Nova, made by Stellar.", "I'm Orion, made by Acme. <script>alert(1)</script>"],
    plain: ['I am an AI assistant.', 'I am a helpful assistant.'],
    terse: ['Assistant.', 'A model.'],
    lister: ['1. I am Lister', '2. By Lists Inc'],
  };
  const lines: string[] = [];
  for (const [model, voice] of Object.entries(voices)) {
    for (let p = 0; p < 10; p++) lines.push(JSON.stringify({ model, prompt: `Explain topic ${p}`, response: voice(p), category: 'formatting' }));
    identity[model]!.forEach((response, i) => lines.push(JSON.stringify({ model, prompt: ['Who are you?', 'Which model is this?'][i], response, category: 'identity' })));
  }
  return writeTemp('population.jsonl', lines.join('\n'));
}

describe('evidence report', () => {
  const db = tempDbPath();
  const store = Store.open(db);
  importTranscripts(store, [transcripts()], { format: 'jsonl' });

  it('gathers the comparison, the closest probes, identity claims and provenance', async () => {
    const report = await buildEvidenceReport(store, 'acme-bot', 'mimic');
    expect(report.comparison.identity).toMatchObject({ sourceNames: ['acme', 'orion'], naming: 1, suspectAnswers: 2 });
    expect(report.closestProbes.length).toBeGreaterThan(0);
    expect(report.closestProbes[0]!.sourceAnswer).toMatch(/Great question/);
    expect(report.digests.map((d) => d.model).slice(0, 2)).toEqual(['acme-bot', 'mimic']);
    expect(report.digests).toHaveLength(5);
    expect(report.runs['mimic']).toEqual([expect.objectContaining({ kind: 'import', status: 'finished', answers: 12 })]);
  });

  it('renders Markdown with the verdict, its rule, and answers quoted verbatim', async () => {
    const markdown = renderMarkdown(reportDocument(await buildEvidenceReport(store, 'acme-bot', 'mimic')));
    expect(markdown).toMatch(/^# Does mimic reproduce acme-bot\?/);
    expect(markdown).toMatch(/Verdict: (derived|inconclusive|same-model|unrelated)\. Calibrated score/);
    expect(markdown).toContain('Rule: derived: p < 0.01');
    expect(markdown).toContain("```text\nI'm Orion, made by Acme. <script>alert(1)</script>\n```");
    expect(markdown).toMatch(/\| mimic \| suspect \| 12 \| [0-9a-f]{64} \|/);
  });

  it('renders a self-contained HTML page with every piece of text escaped', async () => {
    const html = renderHtml(reportDocument(await buildEvidenceReport(store, 'acme-bot', 'mimic')));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/src=|href=/);
  });

  it('writes the report from the CLI, in each format, to stdout or a file', () => {
    const md = runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style']);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^# Does mimic reproduce acme-bot\?/);
    const json = JSON.parse(runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style', '--format', 'json']).stdout);
    expect(json.comparison.source).toBe('acme-bot');
    const out = join(tempDir(), 'report.html');
    const written = runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style', '--format', 'html', '--out', out]);
    expect(written.status).toBe(0);
    expect(written.stderr).toContain(`wrote html report to ${out}`);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('fails with one line for an unknown model or an unwritable file, writing nothing', () => {
    const unknown = runCli(['--db', db, 'report', 'acme-bot', 'nobody', '--embedder', 'style']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toMatch(/^llm-fingerprint: unknown model "nobody"/);
    const out = join(tempDir(), 'missing-folder', 'report.md');
    const unwritable = runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style', '--out', out]);
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr.trim()).toMatch(/^llm-fingerprint: cannot write .*report\.md: ENOENT$/);
    expect(existsSync(out)).toBe(false);
  });
});
