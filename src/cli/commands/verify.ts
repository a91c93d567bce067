import type { Command } from 'commander';
import { withStore } from '../context.js';
import { printJson, printLine } from '../output.js';
import { verifyStore } from '../../report/index.js';
import { UserError } from '../../util/errors.js';
import { examples } from '../help.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('recompute every stored hash (answers, prompts, batteries) and check the database file')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('verify', '--db evidence.db verify --json'))
    .action(async (options: { json?: boolean }, command: Command) => {
      // Read-only: checking the evidence must not change it (no migration, no write).
      const report = await withStore(command, (store) => verifyStore(store), { readonly: true });
      const { responses, prompts, batteries } = report.checked;
      if (options.json) printJson(report);
      else {
        printLine(`checked ${responses} answers, ${prompts} prompts, ${batteries} batteries`);
        for (const problem of report.problems) printLine(`  ${problem.message}`);
      }
      if (!report.ok) throw new UserError(`integrity check failed: ${report.problems.length} problem(s) listed above`);
      if (!options.json) printLine('ok: every stored hash matches its content');
    });
}
