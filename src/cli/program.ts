import { Command } from 'commander';
import { TOOL_VERSION } from '../util/package-info.js';
import { COMMANDS } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('llm-fingerprint')
    .description('Tell whether one language model reproduces another\'s behaviour.')
    .version(TOOL_VERSION)
    .option('--db <file>', 'SQLite store (default: $LLM_FINGERPRINT_DB or ./fingerprint.db)')
    .option('--embedder-dir <dir>', 'folder of embedding models (default: $LLM_FINGERPRINT_EMBEDDER_DIR or ~/.cache/llm-fingerprint/embedders)')
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of COMMANDS) register(program);
  return program;
}
