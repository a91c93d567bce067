/**
 * How well the identity-claim extractor agrees with the LLM judge of identity-dev (issue 12).
 *   node dist/bench/identity.js [--show 8]
 * Targets: F1 ≥ 0.90 against the judge; each model's claim rate within 0.03 of the judge's.
 * The rules were developed on the first half of each file; the second half is reported apart as a
 * held-out check.
 */
import { extractClaim, extractClaims, primaryClaim, type IdentityClaim } from '../src/identity/index.js';
import {
  IDENTITY_DEV_DIR,
  IDENTITY_DEV_FILES,
  agreement,
  claimsForeignJudgedMaker,
  identityDevAvailable,
  keywordBaseline,
  readIdentityDev,
  type Agreement,
  type IdentityDevRecord,
} from './identity-dev.js';
import { benchArgs, countFlag } from './flags.js';

const args = benchArgs({ show: { type: 'string', default: '8' } });
const show = countFlag('show', args.show);

interface Scored extends IdentityDevRecord {
  claim: IdentityClaim;
  predicted: boolean;
  baseline: boolean;
  language: 'zh' | 'en';
}

const HAN = /\p{Script=Han}/gu;
const LETTER = /\p{L}/gu;
/** Chinese when at least a fifth of the answer's letters (reasoning left out) are Han characters. */
function languageOf(response: string): 'zh' | 'en' {
  const answer = response.slice(response.lastIndexOf('</think>') + 1);
  const han = answer.match(HAN)?.length ?? 0;
  const letters = answer.match(LETTER)?.length ?? 0;
  return letters > 0 && han / letters >= 0.2 ? 'zh' : 'en';
}

const pct = (x: number) => x.toFixed(3);
const row = (cells: Array<string | number>, widths: number[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');

function agreementLine(label: string, a: Agreement): string {
  return row(
    [label, pct(a.precision), pct(a.recall), pct(a.f1), a.truePositives, a.falsePositives, a.falseNegatives, a.trueNegatives],
    [28, 9, 7, 6, 5, 5, 5, 6],
  );
}

function agreementTable(title: string, groups: Array<[string, Scored[]]>): void {
  console.log(`\n${title}`);
  console.log(row(['', 'precision', 'recall', 'F1', 'TP', 'FP', 'FN', 'TN'], [28, 9, 7, 6, 5, 5, 5, 6]));
  for (const [label, records] of groups) {
    console.log(agreementLine(`${label} extractor`, agreement(records)));
    console.log(agreementLine(`${label} keyword baseline`, agreement(records.map((r) => ({ ...r, predicted: r.baseline })))));
  }
}

function rateTable(title: string, records: Scored[]): void {
  console.log(`\n${title}`);
  const widths = [28, 7, 9, 7, 6, 9, 6];
  console.log(row(['model', 'judge', 'extractor', 'diff', 'ok', 'baseline', 'diff'], widths));
  for (const { model } of IDENTITY_DEV_FILES) {
    const mine = records.filter((r) => r.model === model);
    const rate = (f: (r: Scored) => boolean) => mine.filter(f).length / mine.length;
    const judge = rate((r) => r.label);
    const extractor = rate((r) => r.predicted);
    const baseline = rate((r) => r.baseline);
    const diff = extractor - judge;
    console.log(
      row(
        [
          `${model} (n=${mine.length})`,
          pct(judge),
          pct(extractor),
          (diff >= 0 ? '+' : '') + pct(diff),
          Math.abs(diff) <= 0.03 ? 'yes' : 'NO',
          pct(baseline),
          (baseline - judge >= 0 ? '+' : '') + pct(baseline - judge),
        ],
        widths,
      ),
    );
  }
}

function claimedMakers(records: Scored[]): void {
  console.log('\nclaimed makers per model (all answers; "-" = no claim)');
  for (const { model } of IDENTITY_DEV_FILES) {
    const counts = new Map<string, number>();
    for (const r of records.filter((x) => x.model === model)) {
      const key = r.claim.claimedMaker ?? '-';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const listed = [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
    console.log(`  ${model.padEnd(28)} ${listed.join(', ')}`);
  }
}

/**
 * The answers read as claims, grouped by the rule that read them, with how often the judge agrees:
 * where a rule's answers are the same frame, its disagreements are the judge reading it both ways.
 */
function agreementByRule(records: Scored[]): void {
  const byRule = new Map<string, { agree: number; disagree: number }>();
  for (const r of records.filter((x) => x.predicted)) {
    const rule = primaryClaim(extractClaims(r.response, { prompt: r.prompt }))?.rule ?? '?';
    const counts = byRule.get(rule) ?? { agree: 0, disagree: 0 };
    counts[r.label ? 'agree' : 'disagree']++;
    byRule.set(rule, counts);
  }
  console.log('\nanswers read as claims, by the rule that read them (rules with more than 5)');
  console.log(row(['rule', 'answers', 'judge agrees', 'disagrees'], [34, 8, 13, 10]));
  const rows = [...byRule].sort((a, b) => b[1].agree + b[1].disagree - (a[1].agree + a[1].disagree));
  for (const [rule, { agree, disagree }] of rows.filter(([, c]) => c.agree + c.disagree > 5)) {
    console.log(row([rule, agree + disagree, `${agree} (${pct(agree / (agree + disagree))})`, disagree], [34, 8, 13, 10]));
  }
}

function excerpt(text: string, around: string | null, width = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const at = around ? flat.indexOf(around.slice(0, 30)) : -1;
  const start = Math.max(0, (at >= 0 ? at : flat.lastIndexOf('</think>') + 8) - 60);
  return (start > 0 ? '…' : '') + flat.slice(start, start + width) + (start + width < flat.length ? '…' : '');
}

function disagreements(records: Scored[], count: number): void {
  const kinds: Array<[string, (r: Scored) => boolean]> = [
    ['extractor yes, judge no', (r) => r.predicted && !r.label],
    ['extractor no, judge yes', (r) => !r.predicted && r.label],
  ];
  for (const [title, wanted] of kinds) {
    const found = records.filter(wanted);
    console.log(
      `\n${title}: ${found.length} (every ${Math.max(1, Math.floor(found.length / count))}th shown, held-out and development alike)`,
    );
    const step = Math.max(1, Math.floor(found.length / count));
    for (const r of found.filter((_, i) => i % step === 0).slice(0, count)) {
      console.log(
        `  ${r.model}:${r.line}  claimed ${r.claim.claimedMaker ?? '-'}${r.claim.claimedModel ? `/${r.claim.claimedModel}` : ''}  evidence: ${r.claim.evidence ?? '-'}`,
      );
      console.log(`      ${excerpt(r.response, r.claim.evidence)}`);
    }
  }
}

/** Any name of the two judged makers or their assistants, in any case: without one, no reading can find their identity. */
const JUDGED_NAME = /openai|chatgpt|gpt|anthropic|claude|克劳德/i;
const NEGATION = /\bnot\b|n['’]t\b|\bunlike\b|\brather than\b|\binstead of\b|不是|并非|而非|不属于/i;
/** The visible answer's first sentence, after any reasoning, filler ("嗯") and a leading speaker tag ("BOB:", "[ChatGPT]:"). */
function firstSentence(response: string): string {
  const end = response.lastIndexOf('</think>');
  const visible = (end >= 0 ? response.slice(end + 8) : response)
    .replace(/^(?:\s|\\n|<think>|嗯)+/, '')
    .replace(/^(?:\[[^\]\n]{1,30}\]|\([^)\n]{1,30}\)|[\p{L}][\p{L} ]{0,20}):\**\s*/u, '');
  return visible.split(/(?<=[.!?。！？])\s|\n/)[0] ?? '';
}

/**
 * How far any reader of the answers can agree with the judge (issue 12's F1 target): answers the judge
 * calls a claim of an OpenAI or Anthropic identity that name neither maker nor any of their assistants
 * anywhere (reasoning included), and the "implied" answers — no self-reference the rules read, but the
 * first sentence names a judged maker (e.g. "The developer is OpenAI.", "OpenAI's headquarters is in
 * San Francisco.") — which the judge reads both ways. The text reading here is deliberately crude: it
 * describes the labels, it is not a rule.
 */
function judgeCeiling(records: Scored[]): void {
  const positives = records.filter((r) => r.label);
  const unnamed = positives.filter((r) => !JUDGED_NAME.test(r.response));
  console.log("\nwhat the judge's labels allow (a description of the labels, not a rule of the extractor)");
  const perModel = IDENTITY_DEV_FILES.map(({ model }) => `${model} ${unnamed.filter((r) => r.model === model).length}`).join(', ');
  console.log(
    `  judge-positive answers that name no OpenAI/ChatGPT/GPT/Anthropic/Claude anywhere: ${unnamed.length} of ${positives.length} (${perModel})`,
  );
  const recallCeiling = (positives.length - unnamed.length) / positives.length;
  console.log(`    so recall against the judge is at most ${pct(recallCeiling)} for any reader of the text`);
  const implied = records.filter(
    (r) =>
      r.claim.claimedMaker === null &&
      r.realMaker !== 'anthropic' &&
      JUDGED_NAME.test(firstSentence(r.response)) &&
      !NEGATION.test(firstSentence(r.response)),
  );
  const impliedYes = implied.filter((r) => r.label).length;
  console.log(
    `  implied answers (no claim read; the first sentence names OpenAI/Anthropic, no negation): ${implied.length}, the judge calls ${impliedYes} claims and ${implied.length - impliedYes} not`,
  );
  const a = agreement(records);
  const f1 = (tp: number, fp: number, fn: number) => (2 * tp) / (2 * tp + fp + fn);
  console.log(
    `    read as claims: F1 ${pct(f1(a.truePositives + impliedYes, a.falsePositives + implied.length - impliedYes, a.falseNegatives - impliedYes))}; ` +
      `if a reader could pick out exactly the judge's ${impliedYes} and nothing else changed: F1 ${pct(f1(a.truePositives + impliedYes, a.falsePositives, a.falseNegatives - impliedYes))}`,
  );
  console.log(
    `    left unread, with every answer read as a claim today agreeing with the judge: F1 ${pct(f1(a.truePositives, 0, a.falseNegatives))}`,
  );
}

function main(): void {
  if (!identityDevAvailable()) {
    console.log(`identity bench skipped: identity-dev not found at ${IDENTITY_DEV_DIR} (set IDENTITY_DEV_DIR)`);
    return;
  }
  const records = readIdentityDev();
  const started = performance.now();
  const claims = records.map((r) => extractClaim(r.response, { prompt: r.prompt }));
  const elapsed = performance.now() - started;
  const scored: Scored[] = records.map((r, i) => ({
    ...r,
    claim: claims[i]!,
    predicted: claimsForeignJudgedMaker(claims[i]!.claimedMaker, r.realMaker),
    baseline: keywordBaseline(r.response, r.realMaker),
    language: languageOf(r.response),
  }));

  console.log(`identity-dev: ${records.length} answers from ${IDENTITY_DEV_FILES.length} models (${IDENTITY_DEV_DIR})`);
  console.log("positive = the claimed maker is openai or anthropic and not the answering model's own; truth = the judge's label");
  const development = scored.filter((r) => r.half === 'development');
  const heldOut = scored.filter((r) => r.half === 'held-out');
  agreementTable('agreement with the judge (target F1 ≥ 0.90)', [
    ['all', scored],
    ['development half', development],
    ['held-out half', heldOut],
  ]);
  rateTable('claim rate per model, all answers (target |diff| ≤ 0.03)', scored);
  rateTable('claim rate per model, held-out half', heldOut);
  agreementTable('by language of the answer (Han characters ≥ 20% of letters = zh)', [
    ['zh', scored.filter((r) => r.language === 'zh')],
    ['en', scored.filter((r) => r.language === 'en')],
  ]);
  claimedMakers(scored);
  agreementByRule(scored);
  judgeCeiling(scored);
  console.log(
    `\nthroughput: ${records.length} answers in ${(elapsed / 1000).toFixed(2)} s = ${Math.round(records.length / (elapsed / 1000))} answers/s (with prompts)`,
  );
  disagreements(scored, show);
}

main();
