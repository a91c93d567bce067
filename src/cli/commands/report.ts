import { COMMAND_SUMMARIES } from './summaries.js';
import { type Command, Option } from 'commander';
import { withStore } from '../context.js';
import { notice, writeFileAtomically } from '../output.js';
import { CALIBRATION_OPTION_HELP, addScoreFlags, withScoring, type ScoreFlags } from '../score-options.js';
import { examples } from '../help.js';
import { UserError } from '../../util/errors.js';
import {
  REPORT_FORMATS,
  buildCaseReport,
  buildEvidenceReport,
  caseDocument,
  readPairLabels,
  renderReport,
  reportDocument,
  type ReportFormat,
} from '../../report/index.js';

interface ReportFlags extends ScoreFlags {
  format?: ReportFormat;
  json?: boolean;
  suspect?: string;
  labels?: string;
  out?: string;
}

export function registerReport(program: Command): void {
  addScoreFlags(
    program
      .command('report')
      .description(COMMAND_SUMMARIES.report)
      .argument('[source]', 'the model that may have been copied')
      .argument('[suspect]', 'the model that may reproduce it'),
  )
    .option('--calibration <file>', CALIBRATION_OPTION_HELP)
    .option('--suspect <model>', 'a case report instead: rank every stored model as a source of this one, then the evidence on the closest')
    .addOption(new Option('--format <format>', 'output format (default: markdown)').choices(REPORT_FORMATS))
    .option('--json', 'print the report as JSON (the same as --format json)')
    .option('--labels <file>', "known related and independent pairs (JSON like alpaca-dev's labels.json), to place the score among them")
    .option('--out <file>', 'write the report to this file instead of stdout')
    .addHelpText(
      'after',
      examples(
        'report gpt4 OpenHermes-2.5-Mistral-7B --format html --out report.html',
        'report --suspect OpenHermes-2.5-Mistral-7B --out case.md',
        'report orion student --json | jq .summary',
      ),
    )
    .action(async (source: string | undefined, suspect: string | undefined, flags: ReportFlags, command: Command) => {
      const format = reportFormat(flags);
      if (flags.suspect !== undefined && source !== undefined) {
        throw new UserError('report takes either SOURCE SUSPECT or --suspect MODEL, not both');
      }
      if (flags.suspect === undefined && (source === undefined || suspect === undefined)) {
        throw new UserError('report needs SOURCE SUSPECT (one pair) or --suspect MODEL (every candidate source of MODEL)');
      }
      const labels = flags.labels ? readPairLabels(flags.labels) : undefined;
      const text = await withStore(
        command,
        (store) =>
          withScoring(command, flags, async (options) => {
            const scoring = { ...options, ...(labels ? { labels } : {}) };
            if (flags.suspect !== undefined) {
              const report = await buildCaseReport(store, flags.suspect, scoring);
              return renderReport(format, report, () => caseDocument(report));
            }
            const report = await buildEvidenceReport(store, source!, suspect!, scoring);
            return renderReport(format, report, () => reportDocument(report));
          }),
        { readonly: true },
      );
      if (!flags.out) {
        process.stdout.write(text);
        return;
      }
      writeFileAtomically(flags.out, [text]);
      notice(`wrote ${format} report to ${flags.out}`);
    });
}

function reportFormat(flags: ReportFlags): ReportFormat {
  if (flags.json && flags.format && flags.format !== 'json') throw new UserError(`--json and --format ${flags.format} disagree: give one`);
  return flags.json ? 'json' : (flags.format ?? 'markdown');
}
