// The platform's error catalogue: every HTTP error it sends, with a stable code and status.

/** Each platform error: its HTTP status and the default sentence shown to the user. */
export const PlatformErrors = {
  BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  MISSING_FIELD: { status: 400, message: 'A required field is missing.' },
  USERNAME_TAKEN: { status: 400, message: 'That username is already taken.' },
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
  METHOD_NOT_ALLOWED: { status: 405, message: 'That method is not allowed on this path.' },
  ALREADY_FRIENDS: { status: 409, message: 'That account is already in your friend list.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down and try again shortly.' },
  LOBBY_START_FAILED: { status: 503, message: 'The lobby game server could not be started.' },
  INTERNAL: { status: 500, message: 'Something went wrong on the server.' },
} as const;

/** A stable error code such as `USERNAME_TAKEN`. */
export type PlatformErrorCode = keyof typeof PlatformErrors;

/** The JSON body of every error response. `error` is the code in lower case, e.g. `username_taken`. */
export interface ErrorBody {
  error: string;
  message: string;
}

/** An error the HTTP layer turns into `{error, message}` with the catalogue's status. */
export class PlatformError extends Error {
  readonly code: PlatformErrorCode;
  readonly status: number;
  /** Extra response headers, e.g. Retry-After for a locked account. */
  readonly headers: Readonly<Record<string, string>>;
  constructor(code: PlatformErrorCode, message?: string, headers: Record<string, string> = {}) {
    super(message ?? PlatformErrors[code].message);
    this.name = 'PlatformError';
    this.code = code;
    this.status = PlatformErrors[code].status;
    this.headers = headers;
  }

  /** The response body for this error. */
  toBody(): ErrorBody {
    return { error: this.code.toLowerCase(), message: this.message };
  }
}

/** A configuration problem, reported to the operator as one sentence before anything starts. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
