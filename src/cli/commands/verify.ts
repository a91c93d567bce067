import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { withStore } from '../context.js';
import { printJson, printLine } from '../output.js';
import { parseSealHead, readReportAnchors, verifyStore } from '../../evidence/index.js';
import { UserError } from '../../util/errors.js';
import { examples } from '../help.js';

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(COMMAND_SUMMARIES.verify)
    .option('--report <file>', 'also check the store against the digests and seal head of a JSON report (report --format json)')
    .option(
      '--head <sequence:hash>',
      'also check that the seal chain still holds this head, as verify printed it earlier (kept or published elsewhere)',
    )
    .option('--strict', 'fail (exit 1) when any answer is not covered by a seal, instead of warning')
    .option('--json', 'print the full report as JSON')
    .addHelpText(
      'after',
      examples('verify', '--db evidence.db verify --json', 'verify --report report.json', 'verify --head 12:3f2a…', 'verify --strict'),
    )
    .action(async (options: { json?: boolean; report?: string; head?: string; strict?: boolean }, command: Command) => {
      const head = options.head === undefined ? undefined : parseSealHead(options.head);
      const anchors = options.report ? readReportAnchors(options.report) : undefined;
      // Read-only: checking the evidence must not change it (no migration, no write, no journal files).
      const report = await withStore(
        command,
        (store) =>
          verifyStore(store, { ...(anchors ? { report: anchors } : {}), ...(head ? { head } : {}), strict: options.strict ?? false }),
        { readonly: true },
      );
      if (options.json) printJson(report);
      else {
        const { checked, seals } = report;
        printLine(
          `checked ${plural(checked.responses, 'answer')}, ${plural(checked.prompts, 'prompt')}, ${plural(checked.batteries, 'battery', 'batteries')}, ` +
            `${plural(checked.runs, 'run')}; ${plural(seals.count, 'seal')} covering ${plural(seals.sealedAnswers, 'answer')}`,
        );
        if (seals.head) printLine(`seal chain head: ${seals.count}:${seals.head} (keep or publish it; verify --head checks it later)`);
        for (const problem of report.problems) printLine(`problem: ${problem.message}`);
        if (report.problemCount > report.problems.length) printLine(`… and ${report.problemCount - report.problems.length} more problems`);
        for (const warning of report.warnings) printLine(`warning: ${warning.message}`);
      }
      if (!report.ok) {
        const more = report.problemCount - 1;
        throw new UserError(
          `integrity check failed: ${report.problems[0]!.message}${more > 0 ? ` (and ${plural(more, 'more problem')})` : ''}`,
        );
      }
      if (options.json) return;
      const against =
        (anchors ? "; the answers match the report's digests and its seal head is in the chain" : '') +
        (head ? `; the chain still holds seal ${head.count} as given` : '');
      if (report.unsealed.answers > 0) {
        printLine(
          `ok, with a warning: ${plural(report.unsealed.answers, 'answer')} in ${plural(report.unsealed.runs.length, 'run')} not sealed; everything else matches${against}`,
        );
      } else {
        printLine(`ok: every hash matches its content and every sealed answer is as it was sealed${against}`);
      }
    });
}
