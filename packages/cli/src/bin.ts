#!/usr/bin/env node
// The `paperclip` command: parses argv and runs one subcommand; failures print one sentence, never a stack.
import { reportFailure } from './cli-errors.ts';
import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  reportFailure(error);
}
