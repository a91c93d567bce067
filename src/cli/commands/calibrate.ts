import { COMMAND_SUMMARIES } from './summaries.js';
import { examples } from '../help.js';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { calibrate } from '../../analysis/index.js';
import { pairLabelsSchema, RELATED_KINDS } from '../../score/index.js';
import { UserError, errorMessage } from '../../util/errors.js';
import { sha256Hex } from '../../util/hash.js';
import { withStore } from '../context.js';
import { fixed } from '../format.js';
import { notice, printJson, printLine, writeFileAtomically } from '../output.js';
import { addScoreFlags, withScoring, type ScoreFlags } from '../score-options.js';

export function registerCalibrate(program: Command): void {
  addScoreFlags(
    program
      .command('calibrate')
      .description(COMMAND_SUMMARIES.calibrate)
      .argument(
        '<labels>',
        'labels JSON: {"wrapped": [[source, suspect], ...], "finetuned": [...], "distilled": [...], "independent_groups": {"group": [models]}}',
      ),
  )
    .option('--fpr <rate>', 'false-positive rate to hold on the independent pairs', '0.01')
    .option('--out <file>', 'where to write the calibration', 'calibration.json')
    .option('--json', 'print the calibration as JSON')
    .addHelpText(
      'after',
      examples('calibrate labels.json', 'calibrate labels.json --fpr 0.05 --out cal.json', 'compare a b --calibration cal.json'),
    )
    .action(async (labelsFile: string, flags: ScoreFlags & { fpr: string; out: string; json?: boolean }, command: Command) => {
      const fpr = Number(flags.fpr);
      if (flags.fpr.trim() === '' || !Number.isFinite(fpr) || fpr < 0 || fpr >= 1)
        throw new UserError(`--fpr must be a rate from 0 to below 1, got "${flags.fpr}"`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(labelsFile);
      } catch (error) {
        throw new UserError(`${labelsFile}: cannot read labels: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch (error) {
        throw new UserError(`${labelsFile}: not valid JSON (${errorMessage(error)})`);
      }
      const parsed = pairLabelsSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UserError(`${labelsFile}: ${issue.path.join('.') || 'labels'}: ${issue.message}`);
      }
      const result = await withStore(
        command,
        (store) =>
          withScoring(command, flags, (options) =>
            calibrate(store, parsed.data, { ...options, fpr, labelsFile, labelsSha256: sha256Hex(bytes) }),
          ),
        { readonly: true },
      );
      writeFileAtomically(flags.out, [JSON.stringify(result, null, 2) + '\n']);
      if (flags.json) return printJson(result);
      printLine(`${result.labels.related} related and ${result.labels.independent} independent pairs, views ${result.views.join(', ')}`);
      printLine(`ROC-AUC ${fixed(result.auc, 3)} (${RELATED_KINDS.map((k) => `${k} ${fixed(result.aucByKind[k], 3)}`).join(', ')})`);
      printLine(
        `at ${fixed(100 * result.fpr, 1)}% false positives: threshold ${fixed(result.threshold, 2)}, ` +
          `${fixed(100 * result.tpr, 0)}% of related pairs above it, ${result.falsePositives} independent pairs above it`,
      );
      notice(`wrote ${flags.out}; use it with compare, rank or report --calibration ${flags.out}`);
    });
}
