import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { DEMO_DB, DEMO_SOURCE, DEMO_SUSPECT, demoExplanation, runDemo } from '../../demo/index.js';
import { assertWritable } from '../../util/files.js';
import { EXAMPLE_MODELS } from '../../run/index.js';
import { fixed, newTable } from '../format.js';
import { dbPath, withStoreAt } from '../context.js';
import { optionalNumber } from '../flags.js';
import { cliInvocation, examples, shellQuote } from '../help.js';
import { notice, printJson, printLine } from '../output.js';
import { collectionHooks, endCollection } from './run.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(COMMAND_SUMMARIES.demo)
    .option('--concurrency <n>', 'requests in flight per example model')
    .option('--report <file>', 'where to write the HTML report (default: beside the store, <db>-report.html)')
    .option('--json', 'print the run summary, matrix, ranking and report as JSON')
    .addHelpText('after', examples('demo', '--db /tmp/demo.db demo --report /tmp/demo.html'))
    .action(async (options: { concurrency?: string; report?: string; json?: boolean }, command: Command) => {
      // Flags are checked before anything is printed or opened.
      const concurrency = optionalNumber(options.concurrency, '--concurrency', { integer: true, min: 1, max: 1000 });
      const path = dbPath(command, DEMO_DB);
      if (options.report) assertWritable(options.report); // the default sits beside the store, whose folder opening it checks
      const result = await withStoreAt(path, async (store) => {
        if (!options.json) {
          notice(`demo: ${EXAMPLE_MODELS.length} example models (data/examples/) answer the default battery; store: ${path}`);
          for (const m of EXAMPLE_MODELS) notice(`  ${m.label.padEnd(8)} ${m.about}`);
        }
        return runDemo(store, {
          ...collectionHooks(),
          ...(concurrency !== undefined ? { concurrency } : {}),
          ...(options.report ? { reportPath: options.report } : {}),
        });
      });
      endCollection(result.run, false);
      if (!result.matrix || !result.rank || !result.report) return;
      if (options.json)
        return printJson({
          run: result.run,
          matrix: result.matrix,
          rank: result.rank,
          report: result.report,
          reportPath: result.reportPath,
        });

      const scores = result.matrix;
      printLine(`\ncalibrated scores (${scores.embedder} view); higher = the two models are more alike than the background`);
      const table = newTable(['source \\ suspect', ...scores.models]);
      scores.models.forEach((name, i) => table.push([name, ...scores.scores[i]!.map((s) => fixed(s, 1))]));
      printLine(table.toString());
      const [best, ...rest] = result.rank.ranking;
      if (best) {
        printLine(
          `\nmost likely source of ${DEMO_SUSPECT}: ${best.model} (score ${fixed(best.score, 1)}; next: ` +
            `${rest.map((r) => `${r.model} ${fixed(r.score, 1)}`).join(', ')})`,
        );
      }
      const c = result.report.comparison;
      printLine(`\nverdict on ${DEMO_SOURCE} and ${DEMO_SUSPECT}: ${c.verdict}`);
      printLine(demoExplanation(result.report));
      if (result.reportPath)
        printLine(`\nreport: ${result.reportPath} (open it in a browser: summary, charts, the closest answers side by side)`);
      const cli = `${cliInvocation()} --db ${shellQuote(path)}`;
      printLine('\nnext, try:');
      printLine(`  ${cli} compare ${DEMO_SOURCE} ${DEMO_SUSPECT}`);
      printLine(`  ${cli} report --suspect ${DEMO_SUSPECT} --format html --out case.html`);
      printLine(`  ${cli} matrix --html matrix.html`);
    });
}
