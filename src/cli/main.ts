#!/usr/bin/env node
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { UserError } from '../util/errors.js';

// A reader that stops early (`| head`) closes the pipe: that is its choice, not our failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

try {
  const program = (await buildProgram(process.argv)).exitOverride();
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed its one-line message; help and version exit with code 0
    process.exitCode = error.exitCode === 0 ? 0 : 1;
  } else if (error instanceof UserError) {
    process.stderr.write(`llm-fingerprint: ${error.message.split('\n')[0]}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`llm-fingerprint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  }
}
