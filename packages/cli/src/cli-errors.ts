// How the `paperclip` command reports failures: one clear sentence on stderr, a non-zero exit, no stack trace.
import { CodedError, declaredRow, defineErrorCodes } from '@paperclip/protocol/errors';
import { InvalidArgumentError } from 'commander';

/** The CLI's codes: which exit status a {@link UserError} stands for. */
const CliErrorCode = defineErrorCodes('PC_CLI', 'Command line (@paperclip/cli)', 'UserError', {
  FAILED: {
    message: 'The command could not finish.',
    doc: 'The input or environment stopped the command (a server that is down, a wrong password); exit status 1.',
  },
  USAGE: {
    message: 'The command line is wrong.',
    doc: 'A wrong argument, flag, URL, environment variable or plugin list; exit status 2.',
  },
});

/** A failure caused by the user's input or environment; its message is printed as is. */
export class UserError extends CodedError {
  /** The process exit status: 2 for a wrong command line (PC_CLI_USAGE), else 1 (PC_CLI_FAILED). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    const code = exitCode === 2 ? CliErrorCode.USAGE : CliErrorCode.FAILED;
    super(code, message, declaredRow(code));
    this.exitCode = exitCode;
  }
}

/** Prints `paperclip: <sentence>` for any error (the stack only with PAPERCLIP_DEBUG=1) and sets the exit code. */
export function reportFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`paperclip: ${message}\n`);
  if (process.env['PAPERCLIP_DEBUG'] === '1' && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = error instanceof UserError ? error.exitCode : 1;
}

/** Wraps a command action so every failure goes through {@link reportFailure}. */
export function action<Args extends unknown[]>(
  run: (...args: Args) => Promise<void>,
): (...args: Args) => Promise<void> {
  return async (...args) => {
    try {
      await run(...args);
    } catch (error) {
      reportFailure(error);
    }
  };
}

/** Commander parser for a TCP/UDP port (0 allowed = ephemeral). */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new InvalidArgumentError('A port is a whole number from 0 to 65535.');
  return port;
}

/** Commander parser for a positive whole number. */
export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1)
    throw new InvalidArgumentError('Expected a whole number of at least 1.');
  return value;
}

/** Commander parser for a positive number of seconds (fractions allowed). */
export function parseSeconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError('Expected a positive number of seconds.');
  return value;
}
