// The platform's error catalogues: every HTTP error it sends (PC_HTTP_*, with statuses), configuration errors (PC_CONFIG_*)
// and start-up errors (PC_START_*: ports, database).
import { CodedError, defineErrorCodes, defineErrors } from '@paperclip/protocol';

/**
 * Each platform HTTP error: its status and the default sentence shown to the user. The key, in lower case,
 * is the JSON body's `error` (`username_taken`): seed clients read it, so keys never change.
 */
export const PlatformErrors = {
  BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  MISSING_FIELD: { status: 400, message: 'A required field is missing.' },
  USERNAME_TAKEN: { status: 400, message: 'That username is already taken.' },
  USERNAME_INVALID: { status: 400, message: 'That username is not allowed.' },
  USERNAME_CONFUSABLE: { status: 400, message: 'That username looks too much like an existing one.' },
  CERTIFICATE_MALFORMED: {
    status: 400,
    message: 'The certificate is not a valid base64 DER X.509 certificate.',
  },
  UNAUTHORIZED: { status: 401, message: 'Valid credentials or a valid token are required.' },
  ACCOUNT_LOCKED: {
    status: 403,
    message: 'This account is temporarily locked after too many failed logins.',
  },
  FORBIDDEN: { status: 403, message: 'You may not do that.' },
  NOT_FOUND: { status: 404, message: 'No such resource.' },
  GAME_NOT_FOUND: { status: 404, message: 'No such game.' },
  LOBBY_NOT_FOUND: { status: 404, message: 'No such lobby.' },
  ACCOUNT_NOT_FOUND: { status: 404, message: 'No account has that username.' },
  NOT_FRIENDS: { status: 404, message: 'That account is not in your friend list.' },
  FRIEND_REQUEST_NOT_FOUND: { status: 404, message: 'That account has not asked to be your friend.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'That method is not allowed on this path.' },
  ALREADY_FRIENDS: { status: 409, message: 'That account is already in your friend list.' },
  FRIEND_REQUEST_PENDING: {
    status: 409,
    message: 'You have already asked that account to be your friend; they have not answered yet.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down and try again shortly.' },
  TOO_MANY_FRIEND_REQUESTS: {
    status: 429,
    message: 'You have too many unanswered friend requests; wait for answers or withdraw some.',
  },
  LOBBY_START_FAILED: { status: 503, message: 'The lobby game server could not be started.' },
  LOBBY_PORTS_EXHAUSTED: {
    status: 503,
    message: 'Every UDP port of the lobby port range (LOBBY_PORTS) is in use; try again when a lobby closes.',
  },
  INTERNAL: { status: 500, message: 'Something went wrong on the server.' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    message: 'The database is unreachable for the moment; try again in a few seconds.',
  },
} as const;

/** A row of {@link PlatformErrors}, e.g. `USERNAME_TAKEN`: what `new PlatformError(key)` takes. */
export type PlatformErrorKey = keyof typeof PlatformErrors;

/** The stable code of each HTTP error: `PlatformErrorCode.USERNAME_TAKEN === 'PC_HTTP_USERNAME_TAKEN'`. */
export const PlatformErrorCode = defineErrorCodes(
  'PC_HTTP',
  'Platform HTTP API (@paperclip/platform)',
  'PlatformError',
  {
    ...PlatformErrors,
    // Seen only by PlatformClient: the server never sends these.
    UNREACHABLE: {
      message: 'The Paperclip server is unreachable.',
      className: 'PlatformUnreachableError',
      doc: 'Client side: refused, timed out, or not an HTTP server answering JSON.',
    },
    BAD_KEY: {
      message: 'The account key could not be read with this password.',
      className: 'PlatformRequestError',
      doc: 'Client side: `login()` fetched the account key but could not decrypt it.',
    },
  },
);
/** One of {@link PlatformErrorCode}'s values. */
export type PlatformErrorCode = (typeof PlatformErrorCode)[keyof typeof PlatformErrorCode];

/** The JSON body of every error response. `error` is the key in lower case, e.g. `username_taken`. */
export interface ErrorBody {
  error: string;
  message: string;
}

/** The code a platform answer's `error` stands for: `username_taken` → `PC_HTTP_USERNAME_TAKEN`. */
export function platformErrorCodeOf(bodyError: string): string {
  return `PC_HTTP_${bodyError.toUpperCase()}`;
}

/** An error the HTTP layer turns into `{error, message}` with the catalogue's status; `code` is `PC_HTTP_*`. */
export class PlatformError extends CodedError {
  declare readonly code: PlatformErrorCode;
  declare readonly status: number;
  /** The catalogue row, e.g. `USERNAME_TAKEN`; the body's `error` is it in lower case. */
  readonly key: PlatformErrorKey;
  /** Extra response headers, e.g. Retry-After for a locked account. */
  readonly headers: Readonly<Record<string, string>>;
  constructor(key: PlatformErrorKey, message?: string, headers: Record<string, string> = {}) {
    const row = PlatformErrors[key];
    super(PlatformErrorCode[key], message ?? row.message, row);
    this.key = key;
    this.headers = headers;
  }

  /** The response body for this error (byte for byte what the seed sends). */
  toBody(): ErrorBody {
    return { error: this.key.toLowerCase(), message: this.message };
  }
}

/** Base of every configuration error (made through {@link ConfigErrors}): one sentence for the operator before anything starts. */
export class ConfigError extends CodedError {}

/** Configuration errors (`PC_CONFIG_*`), thrown by `loadConfig()`; all are `instanceof ConfigError`. */
export const ConfigErrors = defineErrors(
  'PC_CONFIG',
  'Platform configuration (@paperclip/platform)',
  {
    SECRET_KEY_MISSING: {
      message:
        'SECRET_KEY is not set: in production (NODE_ENV=production) the platform refuses to start without it, ' +
        'because tokens signed with a random key would stop working at every restart. ' +
        "Set SECRET_KEY to a long random string, e.g. the output of `node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\"`.",
      doc: 'Production mode without SECRET_KEY.',
    },
    SECRET_KEY_WEAK: {
      message: (d: { minLength: number }) =>
        `SECRET_KEY is too weak for production: use at least ${d.minLength} random characters, not the seed's example value.`,
      doc: "Production mode with the seed's example SECRET_KEY or a short one.",
    },
    ACCOUNT_KEY_COST: {
      message: (d: { problem: string }) => `The account key cost is unusable: ${d.problem}`,
      doc: 'The account-key scrypt parameters are out of range.',
    },
    HEARTBEAT_RANGE: {
      message: 'HEARTBEAT_MIN_TIME must not be larger than HEARTBEAT_MAX_TIME.',
    },
    NUMBER_RANGE: {
      message: (d: { name: string; min: number; max: number; raw: string }) =>
        `${d.name} must be a whole number from ${d.min} to ${d.max}, but it is "${d.raw}".`,
      doc: 'A numeric environment variable (TCP_PORT, UDP_PORT, limits, times) is not a whole number in range.',
    },
    LOG_LEVEL: {
      message: (d: { levels: string; raw: string }) =>
        `LOG_LEVEL must be one of ${d.levels}, but it is "${d.raw}".`,
      doc: "LOG_LEVEL is not one of pino's levels.",
    },
    PORT_RANGE: {
      message: (d: { name: string; raw: string }) =>
        `${d.name} must be a port range like 40000-40999 (ports 1 to 65535, the first not above the last), but it is "${d.raw}".`,
      doc: 'LOBBY_PORTS or `--lobby-ports` is not `first-last` (or a single port).',
    },
  },
  ConfigError,
);

/** Base of every start-up error (made through {@link StartErrors}): the platform could not open a socket or its database. */
export class StartError extends CodedError {}

/** Which of the platform's sockets a {@link StartErrors.PORT_IN_USE} is about. */
export type PlatformSocketKind = 'HTTP' | 'UDP';

/**
 * Start-up errors (`PC_START_*`), thrown by `startPlatform()` / `createDatabase()`; all are `instanceof StartError`.
 * Their sentences say what failed and where; the CLI adds the hint that fits how the value was given.
 *
 * @example
 * throw new StartErrors.PORT_IN_USE({ host: '127.0.0.1', port: 5000, socket: 'HTTP' });
 * // "HTTP port 5000 on 127.0.0.1 is already in use."
 */
export const StartErrors = defineErrors(
  'PC_START',
  'Platform start-up (@paperclip/platform)',
  {
    PORT_IN_USE: {
      message: (d: { host: string; port: number; socket: PlatformSocketKind }) =>
        `${d.socket} port ${d.port} on ${d.host} is already in use.`,
      doc: 'Another program holds the HTTP (TCP) or UDP port the platform binds at start (EADDRINUSE).',
    },
    DATABASE_OPEN: {
      message: (d: { database: string; reason: string }) =>
        `The database ${d.database} could not be opened: ${d.reason}`,
      doc: 'The SQLite file cannot be created or read, or the PostgreSQL server refused the connection. Passwords in URLs are shown as ***.',
    },
    DATABASE_MIGRATION: {
      message: (d: { database: string; step: string; reason: string }) =>
        `The database ${d.database} could not be migrated (${d.step}): ${d.reason}`,
      doc: "Reading the migration history or applying a named migration failed (read-only file, another app's tables, …).",
    },
  },
  StartError,
);
