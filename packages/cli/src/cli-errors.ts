// How the `paperclip` command reports failures: one clear sentence on stderr, a non-zero exit, no stack trace.
import { CodedError, declaredRow, defineErrorCodes } from '@paperclip/protocol/errors';
import { CommanderError, InvalidArgumentError } from 'commander';

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
  /** The command whose `--help` the report points to (e.g. "paperclip serve"); set for command-line mistakes. */
  readonly helpFor: string | undefined;

  /**
   * @example throw new UserError('"x" is neither HOST:PORT nor a ws:// URL.', 2); // usage: exit 2
   * @example throw new UserError('Nothing answered at 127.0.0.1:40100.'); // runtime failure: exit 1
   */
  constructor(message: string, exitCode: 1 | 2 = 1, helpFor?: string) {
    const code = exitCode === 2 ? CliErrorCode.USAGE : CliErrorCode.FAILED;
    super(code, message, declaredRow(code));
    this.exitCode = exitCode;
    this.helpFor = helpFor;
  }
}

/** Where to look for the details of an unexpected error (a bug, not the user's mistake). */
const DEBUG_HINT = 'Run it again with PAPERCLIP_DEBUG=1 to see the details.';

/**
 * Reports a failure on stderr and sets the exit code. A {@link UserError} is `paperclip: <its sentence>` (plus
 * `Run "<command> --help" for usage.` when it is a command-line mistake); another layer's catalogued
 * {@link CodedError} is its sentence with exit 1; anything else is a bug: one sentence and how to see the stack. With PAPERCLIP_DEBUG=1 the stack is printed for both. A commander exit with status 0
 * (help, --version) reports nothing.
 */
export function reportFailure(error: unknown): void {
  if (error instanceof CommanderError && error.exitCode === 0) return;
  const debug = process.env['PAPERCLIP_DEBUG'] === '1';
  const stack = debug && error instanceof Error && error.stack ? `${error.stack}\n` : '';
  if (error instanceof UserError) {
    const help = error.helpFor === undefined ? '' : `Run "${error.helpFor} --help" for usage.\n`;
    process.stderr.write(`paperclip: ${error.message}\n${help}${stack}`);
    process.exitCode = error.exitCode;
    return;
  }
  if (error instanceof CodedError) {
    // Every layer's catalogued errors (port in use, refused, timed out…) are written as sentences for users.
    process.stderr.write(`paperclip: ${error.message}\n${stack}`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`paperclip: An unexpected error stopped the command: ${describeBug(error)}\n`);
  process.stderr.write(stack === '' ? `${DEBUG_HINT}\n` : stack);
  process.exitCode = 1;
}

/** An unexpected error in one line: its class (unless plain Error) and the first line of its message. */
function describeBug(error: unknown): string {
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  const text =
    (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() || 'no message';
  return /[.!?]$/.test(text) ? `${name}${text}` : `${name}${text}.`;
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
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return port;
}

/** Commander parser for a positive whole number. */
export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  return value;
}

/** Commander parser for a positive number of seconds (fractions allowed). */
export function parseSeconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError('expected a positive number of seconds.');
  return value;
}
