import { Command } from 'commander';
import { TOOL_VERSION } from '../util/package-info.js';
import { COMMANDS } from './commands/index.js';

/** Every message the CLI writes about a failure starts the same way, commander's own included. */
export const ERROR_PREFIX = 'llm-fingerprint: ';

export function buildProgram(): Command {
  const program = new Command('llm-fingerprint')
    .description('Tell whether one language model reproduces another\'s behaviour.')
    .version(TOOL_VERSION)
    .option('--db <file>', 'SQLite store (default: $LLM_FINGERPRINT_DB or ./fingerprint.db)')
    .option('--embedder-dir <dir>', 'folder of embedding models (default: $LLM_FINGERPRINT_EMBEDDER_DIR or ~/.cache/llm-fingerprint/embedders)')
    // Subcommands inherit both settings: their --help lists --db and --embedder-dir, their errors carry the prefix.
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, ERROR_PREFIX)) })
    .addHelpText(
      'after',
      '\nWithout `npm link`, run it as `node dist/src/cli/main.js` from the package folder.\n' +
        '\nExamples:\n  $ llm-fingerprint demo\n  $ llm-fingerprint import outputs/*.json --format alpaca-eval\n  $ llm-fingerprint rank my-model\n',
    );
  for (const register of COMMANDS) register(program);
  return program;
}
