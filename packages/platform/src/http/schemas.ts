// JSON schemas of every request and response: they validate input, serialise output and feed /docs.

/** Usernames: 1–255 characters (the seed's String(255)), no control characters. */
const usernameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
} as const;
const accountId = { type: 'integer', minimum: 1 } as const;
const lobbyAddress = {
  type: 'array',
  description: '[host, port] of the lobby game server (UDP).',
  items: [{ type: 'string' }, { type: 'integer' }],
  minItems: 2,
  maxItems: 2,
} as const;

/** Every error body. */
export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** Standard error responses, keyed by status. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorSchema]));
}

/** Body of POST /auth/register (password rules come from the config). */
export function registerBodySchema(minPasswordLength: number) {
  return {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: usernameSchema,
      password: { type: 'string', minLength: minPasswordLength, maxLength: 1024 },
    },
  } as const;
}

/** `{username}` of the friend routes. */
export const usernameBodySchema = {
  type: 'object',
  required: ['username'],
  properties: { username: usernameSchema },
} as const;

/** `{game-id}` or `{game-name}` of /lobby/create, /lobby/find and /lobby/matchmake. */
export const gameSelectorBodySchema = {
  type: 'object',
  properties: {
    'game-id': { type: 'integer', minimum: 1, maximum: 2147483647 },
    'game-name': { type: 'string', minLength: 1, maxLength: 255 },
  },
} as const;

/** `{lobby-id}` of GET /lobby/. */
export const lobbyIdBodySchema = {
  type: 'object',
  required: ['lobby-id'],
  properties: { 'lobby-id': { type: 'integer', minimum: 1, maximum: 2147483647 } },
} as const;

/** `{certificate}` of /auth/certificate/validate: base64 DER (line breaks allowed, as the seed sends). */
export const certificateBodySchema = {
  type: 'object',
  required: ['certificate'],
  properties: { certificate: { type: 'string', minLength: 1, maxLength: 12 * 1024 } },
} as const;

/** `{lobby-id, lobby-addr, game-id}`, the seed's lobby answer. */
export const lobbyInfoSchema = {
  type: 'object',
  required: ['lobby-id', 'lobby-addr', 'game-id'],
  properties: { 'lobby-id': accountId, 'lobby-addr': lobbyAddress, 'game-id': { type: 'integer' } },
} as const;

/** An account as `{id, username}`. */
const accountRefSchema = {
  type: 'object',
  required: ['id', 'username'],
  properties: { id: accountId, username: { type: 'string' } },
} as const;

/** Responses by route. */
export const responses = {
  register: {
    type: 'object',
    required: ['account-id', 'username'],
    properties: { 'account-id': accountId, username: { type: 'string' } },
  },
  token: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
  key: {
    type: 'object',
    required: ['key', 'account-id'],
    properties: {
      key: {
        type: 'string',
        description: 'base64 of the PKCS#8 DER private key, encrypted under the password.',
      },
      'account-id': accountId,
    },
  },
  certificate: {
    type: 'object',
    required: ['certificate'],
    properties: {
      certificate: { type: 'string', description: "base64 DER of the platform's server certificate." },
    },
  },
  validate: {
    type: 'object',
    required: ['valid', 'account-id'],
    properties: {
      valid: { type: 'boolean' },
      'account-id': {
        type: ['string', 'null'],
        description: "The certificate's USER_ID, as the seed returns it.",
      },
    },
  },
  hello: { type: 'object', required: ['hello'], properties: { hello: { type: 'string' } } },
  games: { type: 'object', description: '{game-id: game-name}', additionalProperties: { type: 'string' } },
  lobbyAll: {
    type: 'object',
    description: '{lobby-id: details}',
    additionalProperties: {
      type: 'object',
      properties: {
        'lobby-id': accountId,
        'lobby-addr': lobbyAddress,
        game: {
          type: 'object',
          properties: { 'game-id': { type: 'integer' }, 'game-name': { type: 'string' } },
        },
        size: { type: 'integer', description: 'Most members the lobby admits.' },
        members: { type: 'integer', description: 'Members now.' },
        'is-full': { type: 'boolean' },
      },
    },
  },
  members: {
    type: 'object',
    description:
      '{lobby-id: [account-id, …]} (null for a member without an account id). Only lobbies the caller is in, or an accepted friend of the caller is in.',
    additionalProperties: { type: 'array', items: { type: ['integer', 'null'] } },
  },
  matchmake: {
    type: 'object',
    required: ['lobby-id', 'lobby-addr', 'game-id', 'created'],
    properties: { ...lobbyInfoSchema.properties, created: { type: 'boolean' } },
  },
  friends: {
    type: 'object',
    required: ['friends'],
    properties: { friends: { type: 'array', items: accountRefSchema } },
  },
  friendAdded: {
    type: 'object',
    required: ['account', 'other', 'state'],
    properties: {
      account: accountRefSchema,
      other: accountRefSchema,
      state: {
        type: 'string',
        enum: ['invite_sent', 'friend'],
        description: '`invite_sent`: a request the other account has to accept; `friend`: accepted.',
      },
    },
  },
  friendRequests: {
    type: 'object',
    required: ['incoming', 'outgoing'],
    properties: {
      incoming: { type: 'array', items: accountRefSchema, description: 'Requests waiting for your answer.' },
      outgoing: { type: 'array', items: accountRefSchema, description: 'Your requests not answered yet.' },
    },
  },
  friendLobbies: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        account: {
          type: 'object',
          properties: { 'account-id': accountId, username: { type: 'string' } },
        },
        lobbies: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              'lobby-id': accountId,
              'game-id': { type: 'integer' },
              'game-name': { type: 'string' },
            },
          },
        },
      },
    },
  },
  // GET /scores/: scores-routes.ts still declares its own copy; platform-client-types.test.ts checks the served one is this.
  scores: {
    type: 'object',
    required: ['game-id', 'game-name', 'scores'],
    properties: {
      'game-id': { type: 'integer' },
      'game-name': { type: 'string' },
      scores: {
        type: 'array',
        items: {
          type: 'object',
          required: ['account-id', 'username', 'score'],
          properties: {
            'account-id': { type: 'integer' },
            username: { type: 'string' },
            score: { type: 'integer' },
          },
        },
      },
    },
  },
} as const;

/** OpenAPI security requirement for routes behind HTTP Basic / Bearer. */
export const authenticated: { [label: string]: readonly string[] }[] = [
  { basicAuth: [] },
  { bearerAuth: [] },
];
