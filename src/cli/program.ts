import { Command } from 'commander';
import { TOOL_VERSION } from '../util/package-info.js';
import { COMMANDS, COMMAND_SUMMARIES } from './commands/index.js';

/** Every message the CLI writes about a failure starts the same way, commander's own included. */
export const ERROR_PREFIX = 'llm-fingerprint: ';

/** Global options that take a value: the word after them is that value, not a command. */
const GLOBAL_VALUE_OPTIONS = new Set(['--db', '--embedder-dir']);

/** The command the arguments ask for (`help NAME` asks for NAME's help), if any. */
export function requestedCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return arg === 'help' && args[i + 1] && !args[i + 1]!.startsWith('-') ? args[i + 1] : arg;
  }
  return undefined;
}

/**
 * The CLI. Only the command the arguments name is loaded in full (its options, help and action); the
 * others are listed by name and summary, so `--version`, `--help` and a command's start-up do not pay
 * for modules they never use.
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('llm-fingerprint')
    .description("Tell whether one language model reproduces another's behaviour.")
    .version(TOOL_VERSION)
    .option('--db <file>', 'SQLite store (default: $LLM_FINGERPRINT_DB or ./fingerprint.db)')
    .option(
      '--embedder-dir <dir>',
      'folder of embedding models (default: $LLM_FINGERPRINT_EMBEDDER_DIR or ~/.cache/llm-fingerprint/embedders)',
    )
    // Subcommands inherit both settings: their --help lists --db and --embedder-dir, their errors carry the prefix.
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, ERROR_PREFIX)) })
    .addHelpText(
      'after',
      '\nWithout `npm link`, run it as `node dist/src/cli/main.js` from the package folder.\n' +
        '\nExamples:\n  $ llm-fingerprint demo\n  $ llm-fingerprint import outputs/*.json --format alpaca-eval\n  $ llm-fingerprint rank my-model\n',
    );
  const wanted = requestedCommand(argv.slice(2));
  for (const command of COMMANDS) {
    if (command.name === wanted) (await command.load())(program);
    else program.command(command.name).description(COMMAND_SUMMARIES[command.name]);
  }
  return program;
}
