import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { matrix, rank } from '../../analysis/index.js';
import { EXAMPLE_MODELS, EXAMPLES_ROOT, examplesPresent } from '../../run/index.js';
import { UserError } from '../../util/errors.js';
import { fixed, newTable } from '../format.js';
import { notice, printJson, printLine } from '../output.js';
import { withStoreAt } from '../context.js';
import { reportSummary, runFromOptions } from './run.js';

/** The demo keeps its example models out of the user's own store unless --db says otherwise. */
export const DEMO_DB = './fingerprint-demo.db';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole job offline: collect the default battery from the example models, then score them')
    .option('--concurrency <n>', 'example programs run at once (default: number of CPUs)')
    .option('--json', 'print the run summary, matrix and ranking as JSON')
    .action(async (options: { concurrency?: string; json?: boolean }, command: Command) => {
      if (!examplesPresent()) throw new UserError(`the example models are missing from ${EXAMPLES_ROOT}/data/examples`);
      const globals = command.optsWithGlobals<{ db?: string }>();
      const path = globals.db ?? process.env.LLM_FINGERPRINT_DB ?? DEMO_DB;
      await withStoreAt(path, async (store) => {
        if (!options.json) {
          notice(`demo: ${EXAMPLE_MODELS.length} example models (data/examples/) answer the default battery; store: ${path}`);
          for (const m of EXAMPLE_MODELS) notice(`  ${m.label.padEnd(8)} ${m.about}`);
        }
        const summary = await runFromOptions(
          store,
          {
            name: EXAMPLE_MODELS.map((m) => `${m.label}=${m.spec}`),
            battery: 'default',
            concurrency: options.concurrency ?? String(Math.max(2, availableParallelism())),
            timeout: '60',
          },
          EXAMPLES_ROOT,
        );
        reportSummary(summary, false);
        if (summary.status !== 'finished') return;
        const labels = EXAMPLE_MODELS.map((m) => m.label);
        const scores = await matrix(store, { models: labels });
        const ranking = await rank(store, 'student');
        if (options.json) return printJson({ run: summary, matrix: scores, rank: ranking });

        printLine(`\ncalibrated scores (views: ${scores.embedder}); higher = the column model reproduces the row model more`);
        const table = newTable(['source \\ suspect', ...scores.models]);
        scores.models.forEach((name, i) => table.push([name, ...scores.scores[i]!.map((s) => fixed(s, 1))]));
        printLine(table.toString());
        const best = ranking.ranking[0];
        if (best) {
          printLine(`\nmost likely source of "student": ${best.model} (score ${fixed(best.score, 1)}; next: ` +
            `${ranking.ranking.slice(1).map((r) => `${r.model} ${fixed(r.score, 1)}`).join(', ')})`);
        }
        printLine(`\nexplore further: llm-fingerprint --db ${path} compare orion student`);
      });
    });
}
