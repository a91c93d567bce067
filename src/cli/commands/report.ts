import { Command, Option } from 'commander';
import { withStore } from '../context.js';
import { notice, writeFileAtomically } from '../output.js';
import { CALIBRATION_OPTION_HELP, addScoreFlags, withScoring, type ScoreFlags } from '../score-options.js';
import { REPORT_FORMATS, buildEvidenceReport, renderHtml, renderMarkdown, reportDocument, type ReportFormat } from '../../report/index.js';

export function registerReport(program: Command): void {
  addScoreFlags(
    program
      .command('report')
      .description('an evidence report on whether SUSPECT reproduces SOURCE: scores, statistics, identity, closest answers, provenance')
      .argument('<source>', 'the model that may have been copied')
      .argument('<suspect>', 'the model that may reproduce it'),
  )
    .option('--calibration <file>', CALIBRATION_OPTION_HELP)
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('markdown'))
    .option('--out <file>', 'write the report to this file instead of stdout')
    .action(async (source: string, suspect: string, flags: ScoreFlags & { format: ReportFormat; out?: string }, command: Command) => {
      const report = await withStore(
        command,
        (store) => withScoring(command, flags, (options) => buildEvidenceReport(store, source, suspect, options)),
        { readonly: true },
      );
      const text =
        flags.format === 'json'
          ? JSON.stringify(report, null, 2) + '\n'
          : flags.format === 'html'
            ? renderHtml(reportDocument(report))
            : renderMarkdown(reportDocument(report));
      if (!flags.out) {
        process.stdout.write(text);
        return;
      }
      writeFileAtomically(flags.out, [text]);
      notice(`wrote ${flags.format} report to ${flags.out}`);
    });
}
