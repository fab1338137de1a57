// How `paperclip serve` logs: pretty coloured lines in a terminal, JSON lines otherwise (LOG_FORMAT overrides).
import { createPlatformLogger } from '@paperclip/platform';
import pretty from 'pino-pretty';
import { UserError } from '../cli-errors.ts';

/** The two ways serve writes its log. */
export type LogFormat = 'json' | 'pretty';

/** A logger as startPlatform takes it. */
export type ServeLogger = ReturnType<typeof createPlatformLogger>;

/**
 * LOG_FORMAT=json|pretty, else pretty when stdout is a terminal and JSON when it is a pipe or a file (what a
 * log collector reads). A person at a terminal gets readable lines without knowing the variable exists.
 * @throws UserError (exit 2) for any other LOG_FORMAT.
 *
 * @example
 * logFormatFrom({ LOG_FORMAT: 'json' }, true); // 'json'
 */
export function logFormatFrom(
  env: Readonly<Record<string, string | undefined>>,
  stdoutIsTty: boolean,
): LogFormat {
  const raw = env['LOG_FORMAT']?.trim().toLowerCase() ?? '';
  if (raw === '') return stdoutIsTty ? 'pretty' : 'json';
  if (raw === 'json' || raw === 'pretty') return raw;
  throw new UserError(`LOG_FORMAT must be "json" or "pretty", but it is "${env['LOG_FORMAT']}".`, 2);
}

/**
 * The platform's logger at `level` (LOG_LEVEL) on stdout, in `format`. Pretty lines are synchronous, so the
 * start-up banner printed after the "listening" line appears after it.
 */
export function createServeLogger(level: string, format: LogFormat, colors: boolean): ServeLogger {
  if (format === 'json') return createPlatformLogger({ level });
  const destination = pretty({
    colorize: colors,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,component',
  });
  return createPlatformLogger({ level, destination });
}
