// The platform's default logger: pino with secrets redacted and short request lines, JSON to any stream.
import pino, { type DestinationStream, type Logger } from 'pino';
import { requestSummary } from './http/app.ts';

/** Redaction paths: whatever a log line might carry that is a secret. */
const REDACT = [
  'req.headers.authorization',
  'headers.authorization',
  'password',
  '*.password',
  'secretKey',
  '*.secretKey',
  'token',
  '*.token',
];

/** Options of {@link createPlatformLogger}. */
export interface PlatformLoggerOptions {
  /** pino level (LOG_LEVEL): `info` shows start-up and lobbies; `debug` adds one line per HTTP request. */
  level: string;
  /** Where lines go. Default: stdout, one JSON object per line (what log collectors read). */
  destination?: DestinationStream;
}

/**
 * The logger `startPlatform()` uses when given none. Embedders get JSON on stdout; `paperclip serve` passes a
 * pino-pretty stream when its output is a terminal.
 *
 * @example
 * const logger = createPlatformLogger({ level: 'debug' });
 * await startPlatform(config, { logger });
 */
export function createPlatformLogger(options: PlatformLoggerOptions): Logger {
  const settings = { level: options.level, redact: REDACT, serializers: { req: requestSummary } };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}
