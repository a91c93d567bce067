import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { VERDICT_RULE } from '../src/score/index.js';
import {
  CLOSEST_PROBE_RULE,
  buildCaseReport,
  buildEvidenceReport,
  caseDocument,
  renderHtml,
  renderMarkdown,
  reportDocument,
  selectClosest,
  skipReason,
  wordOverlap,
  words,
} from '../src/report/index.js';
import { runCli } from './helpers/cli.js';
import { tempDbPath, tempDir, writeTemp } from './helpers/temp.js';

const LONG_COMMON =
  'The capital of France is Paris, a city on the Seine known for its museums, its cafes and the Eiffel Tower built in 1889.';

/**
 * Five models; "mimic" copies "acme-bot"'s voice and sometimes its name, and one answer carries markup.
 * Two probes where the pair is close for no telling reason: a one-letter answer, and a long sentence most models give.
 */
function transcripts(): string {
  const voices: Record<string, (p: number) => string> = {
    'acme-bot': (p) => `Great question! 🚀 Topic ${p} is about trade-offs.\n\n## Summary\n- point ${p}`,
    mimic: (p) => `Great question! 🚀 Topic ${p} is about the trade-offs.\n\n## Summary\n- point ${p}`,
    plain: (p) => `Topic ${p} depends on context, as most things do.`,
    terse: (p) => `${p}. Depends.`,
    lister: (p) => `1. First about ${p}\n2. Second\n3. Third`,
  };
  const identity: Record<string, string[]> = {
    'acme-bot': ["I'm Orion, made by Acme.", 'You are talking to Orion from Acme.', "I'm Orion, made by Acme."],
    mimic: [
      "I'm Nova, made by Stellar.",
      "I'm Orion, made by Acme. <script>alert(1)</script>",
      "I'm Orion, made by Acme. <script>alert(1)</script>",
    ],
    plain: ['I am an AI assistant.', 'I am a helpful assistant.', 'An assistant.'],
    terse: ['Assistant.', 'A model.', 'Model.'],
    lister: ['1. I am Lister', '2. By Lists Inc', '3. Lister'],
  };
  const lines: string[] = [];
  for (const [model, voice] of Object.entries(voices)) {
    for (let p = 0; p < 4; p++)
      lines.push(JSON.stringify({ model, prompt: `Explain topic ${p}`, response: voice(p), category: 'formatting' }));
    identity[model]!.forEach((response, i) =>
      lines.push(
        JSON.stringify({ model, prompt: ['Who are you?', 'Which model is this?', 'Who made you?'][i], response, category: 'identity' }),
      ),
    );
    const letter = { 'acme-bot': 'C', mimic: 'C', plain: 'The letter is C.', terse: 'c', lister: '1. C' }[model]!;
    lines.push(JSON.stringify({ model, prompt: 'Which letter comes after B? One letter.', response: letter, category: 'reasoning' }));
    const capital = model === 'lister' ? '1. Paris\n2. On the Seine' : LONG_COMMON;
    lines.push(JSON.stringify({ model, prompt: 'What is the capital of France?', response: capital, category: 'knowledge' }));
  }
  return writeTemp('population.jsonl', lines.join('\n'));
}

describe('evidence report', () => {
  const file = transcripts();
  const db = tempDbPath();
  const store = Store.open(db);
  importTranscripts(store, [file], { format: 'jsonl' });
  const reportOf = (() => {
    let cached: ReturnType<typeof buildEvidenceReport> | undefined;
    return () => (cached ??= buildEvidenceReport(store, 'acme-bot', 'mimic'));
  })();

  it('opens with a summary: what was compared, the verdict in words, the score in numbers, the rule, what it cannot show', async () => {
    const report = await reportOf();
    const c = report.comparison;
    expect(report.summary).toContain(
      `mimic was compared with acme-bot on ${c.probes} probes both models answered, against 3 reference models`,
    );
    expect(report.summary).toContain(`Verdict: ${c.verdict} — `);
    expect(report.summary).toContain(`The calibrated score is ${c.score!.toFixed(2)}`);
    expect(report.summary).toMatch(/Of the 9 other pairs of models in this store, (none reaches it|1 reaches it|\d+ reach it)/);
    expect(report.summary).toContain(`at least ${VERDICT_RULE.derivedMinScore}`);
    expect(report.summary).toContain('provisional');
    expect(report.summary).toContain('which model copied which');
    expect(report.summary).toContain('symmetric');
    expect(report.summary).toContain('Identity claims alone prove nothing');
    expect(report.glossary.map((g) => g.term)).toEqual(
      expect.arrayContaining(['calibrated score', 'raw cosine', 'reference model', 'p-value', 'interval']),
    );
  });

  it('places the score among every other pair in the store, and among labelled pairs when given', async () => {
    const report = await reportOf();
    const pop = report.population!;
    expect(pop.pairs).toHaveLength(9);
    expect(pop.reaching).toBe(pop.pairs.filter((p) => p.score >= report.comparison.score!).length);
    const labelled = await buildEvidenceReport(store, 'acme-bot', 'mimic', {
      labels: {
        wrapped: [],
        finetuned: [],
        distilled: [['acme-bot', 'mimic']],
        independent_groups: { a: ['acme-bot', 'plain'], b: ['terse', 'lister'] },
      },
    });
    expect(labelled.population!.labelled!.independent.total).toBe(4);
    expect(labelled.summary).toMatch(/of the 4 pairs labelled independent, (none reaches it|1 reaches it|\d reach it)/);
  });

  it('keeps the closest probes worth reading: no one-letter answers, none most references share, the nearest reference beside them', async () => {
    const report = await reportOf();
    const shown = report.closestProbes.map((p) => p.prompt);
    expect(shown).not.toContain('Which letter comes after B? One letter.');
    expect(shown).not.toContain('What is the capital of France?');
    expect(report.closestProbeSelection.tooShort).toBeGreaterThan(0);
    expect(report.closestProbeSelection.common).toBeGreaterThan(0);
    expect(report.closestProbes.length).toBeGreaterThan(0);
    for (const probe of report.closestProbes) {
      expect(words(probe.suspectAnswer).length).toBeGreaterThanOrEqual(CLOSEST_PROBE_RULE.minWords);
      expect(['plain', 'terse', 'lister']).toContain(probe.nearestReference!.model);
      expect(probe.nearestReference!.answer.length).toBeGreaterThan(0);
    }
  });

  it('quotes identity answers once each, with the prompt that drew them, and says they do not change the verdict', async () => {
    const report = await reportOf();
    expect(report.comparison.identity).toMatchObject({ sourceNames: ['acme', 'orion'], naming: 2, suspectAnswers: 3 });
    expect(report.identityQuotes).toHaveLength(1);
    expect(report.identityQuotes[0]!.prompt).toMatch(/Which model is this\?|Who made you\?/);
    const markdown = renderMarkdown(reportDocument(report));
    expect(markdown).toContain('never change the verdict');
  });

  it('states the same-model conclusion and why the verdict did or did not change', async () => {
    const markdown = renderMarkdown(reportDocument(await reportOf()));
    expect(markdown).toMatch(/## Same-model test\n\nNot run: the test needs several answers to the same probe/);
  });

  it('renders Markdown: the summary first, the rule checked condition by condition, answers verbatim, full hashes', async () => {
    const report = await reportOf();
    const markdown = renderMarkdown(reportDocument(report));
    expect(markdown.startsWith(`# How alike are acme-bot and mimic?\n\n${report.summary}\n`)).toBe(true);
    expect(markdown).toContain('| derived | p-value below 0.01 |');
    expect(markdown).toContain('The full rule (provisional): derived: p < 0.01');
    expect(markdown).toContain("```text\nI'm Orion, made by Acme. <script>alert(1)</script>\n```");
    expect(markdown).toMatch(/\| mimic \| suspect \| 9 \| [0-9a-f]{64} \|/);
    const fileSha = report.runs.mimic![0]!.sourceSha256!;
    expect(markdown).toContain(`(${fileSha})`);
    expect(markdown).toContain('*Chart (drawn in the HTML report):');
    expect(markdown).toContain('## Glossary');
  });

  it('renders a self-contained HTML page: charts as inline SVG with their labels, no script, no URL, every text escaped', async () => {
    const html = await renderHtml(reportDocument(await reportOf()));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/src=|href=/);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(3); // all pairs, categories, permutation null
    for (const svg of svgs) {
      expect(svg).toMatch(/<path|<line|<rect/);
      expect(svg).toMatch(/width="\d+"/);
    }
    expect(html).toContain('>calibrated score<');
    expect(html).toContain('>trimmed mean excess similarity over probes<');
    expect(html).toContain('>probe category<');
    expect(html).toContain('class="summary"');
  });

  it('builds a case report: every candidate ranked, then the evidence on the closest', async () => {
    const report = await buildCaseReport(store, 'mimic');
    expect(report.ranking.ranking[0]!.model).toBe('acme-bot');
    expect(report.top!.comparison.source).toBe('acme-bot');
    expect(report.summary).toContain('Each of the 4 other models in the store was compared with mimic as its possible source');
    expect(report.summary).toContain('The most likely source is acme-bot');
    const markdown = renderMarkdown(caseDocument(report));
    expect(markdown.startsWith(`# Which stored model is mimic closest to?\n\n${report.summary}`)).toBe(true);
    expect(markdown).toMatch(/\| 1 \| acme-bot \| /);
    expect(markdown).toContain('## How alike are acme-bot and mimic?');
    expect(markdown).toContain('### Verdict');
    const html = await renderHtml(caseDocument(report));
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
  });

  it('writes the report from the CLI, in each format, to stdout or a file; --json is --format json', async () => {
    const md = await runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style']);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^# How alike are acme-bot and mimic\?\n\nmimic was compared with acme-bot/);
    const json = JSON.parse((await runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style', '--json'])).stdout);
    expect(json.comparison.source).toBe('acme-bot');
    expect(typeof json.summary).toBe('string');
    const viaFormat = JSON.parse(
      (await runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style', '--format', 'json'])).stdout,
    );
    expect(viaFormat.summary).toBe(json.summary);
    const dir = tempDir();
    const out = join(dir, 'report.html');
    const written = await runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style', '--format', 'html', '--out', out]);
    expect(written.status).toBe(0);
    expect(written.stderr).toContain(`wrote html report to ${out}`);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
    const caseReport = await runCli(['--db', db, 'report', '--suspect', 'mimic', '--embedder', 'style', '--json']);
    expect(caseReport.status).toBe(0);
    expect(JSON.parse(caseReport.stdout).top.comparison.source).toBe('acme-bot');
  });

  it('fails with one line for an unknown model, a bad combination of arguments or an unwritable file, writing nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['report', 'acme-bot', 'nobody'], /^llm-fingerprint: unknown model "nobody"/],
      [['report', 'acme-bot'], /^llm-fingerprint: report needs SOURCE SUSPECT .* or --suspect MODEL/],
      [['report', 'acme-bot', 'mimic', '--suspect', 'mimic'], /^llm-fingerprint: report takes either SOURCE SUSPECT or --suspect MODEL/],
      [['report', 'acme-bot', 'mimic', '--json', '--format', 'html'], /^llm-fingerprint: --json and --format html disagree/],
      [
        ['report', 'acme-bot', 'mimic', '--labels', '/nonexistent/labels.json'],
        /^llm-fingerprint: \/nonexistent\/labels\.json: cannot read file: ENOENT$/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['--db', db, ...args, '--embedder', 'style']);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr.trim()).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const dir = tempDir();
    const out = join(dir, 'missing-folder', 'report.md');
    const unwritable = await runCli(['--db', db, 'report', 'acme-bot', 'mimic', '--embedder', 'style', '--out', out]);
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr.trim()).toMatch(/^llm-fingerprint: cannot write .*report\.md: ENOENT$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('closest probes worth reading', () => {
  const long = (text: string) => `${text} with enough words to carry a habit or two of its own`;
  const answers = (suspect: string, source: string, references: string[]) => ({
    suspect,
    source,
    references: new Map(references.map((text, i) => [`ref${i}`, text] as const)),
  });

  it('counts words, and each Chinese character as one', () => {
    expect(words('x = 8')).toEqual(['x', '8']);
    expect(words('我是一个模型')).toHaveLength(6);
    expect(wordOverlap('a b c d', 'a b c d')).toBe(1);
    expect(wordOverlap('a b', 'c d')).toBe(0);
  });

  it('skips short answers and answers most references give too, and keeps the rest in order', () => {
    expect(skipReason(answers('C', long('The answer'), []))).toBe('too-short');
    expect(skipReason(answers(long('Paris is the capital'), long('Paris is the capital'), [long('Paris is the capital'), 'Other']))).toBe(
      'common',
    );
    expect(
      skipReason(
        answers(long('Great question! Here'), long('Great question! Here'), [
          'Plain text answer of some length here.',
          long('Numbered list'),
        ]),
      ),
    ).toBeNull();
    const candidates = ['short', 'common', 'good1', 'good2'];
    const table: Record<string, ReturnType<typeof answers>> = {
      short: answers('x = 8', 'x = 8', []),
      common: answers(long('Same'), long('Same'), [long('Same'), long('Same')]),
      good1: answers(long('Alpha'), long('Alpha'), [long('Zulu yankee xray')]),
      good2: answers(long('Beta'), long('Beta'), [long('Zulu yankee xray')]),
    };
    const { chosen, selection } = selectClosest(candidates, (c) => table[c]!, { ...CLOSEST_PROBE_RULE, show: 1 });
    expect(chosen.map((c) => c.candidate)).toEqual(['good1']);
    expect(selection).toMatchObject({ candidates: 3, tooShort: 1, common: 1 });
  });
});
