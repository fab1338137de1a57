// What `paperclip serve` says when the platform cannot start: one sentence, with a hint for what the user passed.
import { ConfigError, StartError, StartErrors } from '@paperclip/platform';
import { UserError } from '../cli-errors.ts';

/** Where the HTTP port came from: the --port flag, TCP_PORT, or neither (the default 5000). */
export type PortSource = 'flag' | 'env' | 'default';

/** The port's source, as `paperclip serve` received it. */
export function portSource(
  flagPort: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
): PortSource {
  if (flagPort !== undefined) return 'flag';
  return (env['TCP_PORT'] ?? '').trim() === '' ? 'default' : 'env';
}

/**
 * How to pick another port, in the terms the user used: `--port 5000` → "pass another --port", TCP_PORT=… → "set
 * another TCP_PORT", neither → both ways.
 *
 * @example
 * portInUseHint('flag'); // 'Stop the other server, or pass another --port.'
 */
export function portInUseHint(source: PortSource): string {
  switch (source) {
    case 'flag':
      return 'Stop the other server, or pass another --port.';
    case 'env':
      return 'Stop the other server, or set another TCP_PORT.';
    default:
      return 'Stop the other server, or choose another port with --port or TCP_PORT.';
  }
}

/**
 * The UserError for a start-up failure: configuration mistakes exit 2, the rest (port taken, database) exit 1.
 * A port clash gets {@link portInUseHint}; anything unexpected is passed on as it is (a bug, reported as one).
 */
export function serveFailure(error: unknown, source: PortSource): unknown {
  if (error instanceof UserError) return error;
  if (error instanceof ConfigError) return new UserError(error.message, 2);
  if (error instanceof StartErrors.PORT_IN_USE) {
    return new UserError(`${error.message} ${portInUseHint(source)}`);
  }
  if (error instanceof StartError) return new UserError(error.message);
  return new UserError(error instanceof Error ? error.message : String(error));
}
