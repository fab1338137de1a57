// The platform's HTTP API as a player sees it: register, log in (token + account key), games, friends, lobbies, scores.
import type { KeyObject } from 'node:crypto';
// Only pure helpers from protocol (no dependencies): the client stays free of the server's and net's packages.
import { CodedError, formatHostPort } from '@paperclip/protocol';
import { decryptAccountKey } from '../auth/account-keys.ts';
import { PlatformErrorCode, platformErrorCodeOf } from '../errors.ts';
import type {
  ErrorAnswer,
  FriendLobbiesAnswer,
  LobbyInfoAnswer,
  PlatformRequest,
  PlatformRoute,
  PlatformRoutes,
} from './api-types.ts';

/** Timeouts and bounds of HTTP calls. */
export interface PlatformClientOptions {
  /** Give up on one request after this long. Default 10 000 ms. */
  timeoutMs?: number;
  /** Largest response body read. Default 1 MiB. */
  maxResponseBytes?: number;
}

/**
 * The platform answered with an error; `message` is its sentence (e.g. "Wrong username or password."),
 * `code` the server's `PC_HTTP_*` code (`PC_HTTP_ACCOUNT_LOCKED`), `key` the body's `error` (`account_locked`).
 */
export class PlatformRequestError extends CodedError {
  declare readonly status: number;
  /** The answer's `error` as sent, in lower case, e.g. `account_locked`, `lobby_not_found`. */
  readonly key: string;
  constructor(status: number, key: string, message: string, options?: ErrorOptions) {
    super(platformErrorCodeOf(key), message, { status }, options);
    this.key = key;
  }
}

/** PC_HTTP_UNREACHABLE: the platform could not be reached (refused, timed out, not an HTTP server). */
export class PlatformUnreachableError extends CodedError {
  constructor(baseUrl: string, options?: ErrorOptions) {
    super(
      PlatformErrorCode.UNREACHABLE,
      `The Paperclip server at ${baseUrl} is unreachable: is \`paperclip serve\` running there?`,
      {},
      options,
    );
  }
}

/** A lobby as the platform describes it. */
export interface LobbyInfo {
  lobbyId: number;
  gameId: number;
  /** "host:port" of its game server (UDP). */
  address: string;
}

/** An account reference. */
export interface AccountRef {
  id: number;
  username: string;
}

/** Unanswered friend requests: `incoming` wait for this account's answer, `outgoing` for the other's. */
export interface FriendRequests {
  incoming: AccountRef[];
  outgoing: AccountRef[];
}

/** A friend with the open lobbies they are in. */
export interface FriendLobbies {
  account: AccountRef;
  lobbies: { lobbyId: number; gameId: number; gameName: string }[];
}

/** One stored score. */
export interface ScoreRow {
  accountId: number;
  username: string;
  score: number;
}

/**
 * The JSON kind of each route's answer, checked before the answer is read as its schema type: a hostile or
 * foreign server then fails with a coded error, not a TypeError. `satisfies` ties each entry to the schema.
 */
const ANSWER_KINDS = {
  'POST /auth/register': 'object',
  'GET /auth/token': 'object',
  'GET /auth/key': 'object',
  'GET /games/': 'object',
  'GET /friends/': 'object',
  'POST /friends/add': 'object',
  'GET /friends/requests': 'object',
  'POST /friends/accept': 'object',
  'POST /friends/decline': 'none',
  'DELETE /friend/remove': 'none',
  'GET /lobby/friends': 'array',
  'GET /lobby/': 'object',
  'POST /lobby/create': 'object',
  'POST /lobby/matchmake': 'object',
  'GET /scores/': 'object',
} as const satisfies { [R in PlatformRoute]: AnswerKind<PlatformRoutes[R]['answer']> };

type AnswerKind<Answer> = Answer extends null ? 'none' : Answer extends unknown[] ? 'array' : 'object';

/** Talks to one platform's HTTP API. */
export class PlatformClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;

  constructor(baseUrl: string, options: PlatformClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  }

  /** Creates an account. */
  async register(username: string, password: string): Promise<AccountRef> {
    const answer = await this.request('POST /auth/register', { body: { username, password } });
    return { id: answer['account-id'], username: answer.username };
  }

  /** Logs in: a token, then the account's key (decrypted here with the password, as the seed client does). */
  async login(username: string, password: string): Promise<PlatformSession> {
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const { token } = await this.request('GET /auth/token', { authorization: basic });
    const key = await this.request('GET /auth/key', { authorization: tokenAuth(token) });
    let privateKey: KeyObject;
    try {
      privateKey = decryptAccountKey(Buffer.from(key.key, 'base64'), password);
    } catch (error) {
      throw new PlatformRequestError(
        500,
        'bad_key',
        'The account key could not be read with this password.',
        {
          cause: error,
        },
      );
    }
    return new PlatformSession(this, { id: key['account-id'], username }, password, token, privateKey);
  }

  /**
   * One call of a route, typed by its schemas: `request('GET /lobby/', {authorization, query: {'lobby-id': 3}})`.
   * Throws PlatformRequestError (an error answer) or PlatformUnreachableError (no answer, or not the route's JSON).
   */
  async request<R extends PlatformRoute>(
    route: R,
    options: PlatformRequest<R>,
  ): Promise<PlatformRoutes[R]['answer']> {
    const { authorization, body, query } = options as {
      authorization?: string;
      body?: object;
      query?: Record<string, unknown>;
    };
    const [method, path] = route.split(' ') as [string, string];
    const search =
      query === undefined
        ? ''
        : `?${new URLSearchParams(Object.entries(query).map(([name, value]): [string, string] => [name, String(value)]))}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}${search}`, {
        method,
        headers: {
          ...(authorization === undefined ? {} : { authorization }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new PlatformUnreachableError(this.baseUrl, { cause: error });
    }
    const text = await readBounded(response, this.#maxResponseBytes).catch((error: unknown) => {
      throw new PlatformUnreachableError(this.baseUrl, { cause: error });
    });
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new PlatformUnreachableError(this.baseUrl);
    }
    if (!response.ok) {
      // Read field by field: a foreign server's error page need not be an ErrorAnswer.
      const answer: Partial<Record<keyof ErrorAnswer, unknown>> = isObject(parsed) ? parsed : {};
      throw new PlatformRequestError(
        response.status,
        typeof answer.error === 'string' ? answer.error : `http_${response.status}`,
        typeof answer.message === 'string' ? answer.message : `The server answered ${response.status}.`,
      );
    }
    const kind: string = ANSWER_KINDS[route];
    if (kind === 'none') return null as PlatformRoutes[R]['answer'];
    if (kind === 'array' ? !Array.isArray(parsed) : !isObject(parsed)) {
      throw malformedAnswer(this.baseUrl, route, `is not a JSON ${kind}`);
    }
    return parsed as PlatformRoutes[R]['answer'];
  }
}

/** A logged-in account: its token (renewed when it expires), id and private key. */
export class PlatformSession {
  readonly client: PlatformClient;
  readonly account: AccountRef;
  /** The account's RSA key, which signs the certificate presented to lobby servers. */
  readonly privateKey: KeyObject;
  readonly #password: string;
  #token: string;

  constructor(client: PlatformClient, account: AccountRef, password: string, token: string, key: KeyObject) {
    this.client = client;
    this.account = account;
    this.#password = password;
    this.#token = token;
    this.privateKey = key;
  }

  /** `{id: name}` of the hosted games. */
  async games(): Promise<{ id: number; name: string }[]> {
    const answer = await this.#call('GET /games/', {});
    // JSON keys are strings: the game id is the one field that needs parsing.
    return Object.entries(answer).map(([id, name]) => ({ id: Number(id), name }));
  }

  /** The account's friends. */
  async friends(): Promise<AccountRef[]> {
    const answer = await this.#call('GET /friends/', {});
    this.#expect(isObjectArray(answer.friends), 'GET /friends/', 'has no friends array of objects');
    return answer.friends.map((friend) => ({ id: friend.id, username: friend.username }));
  }

  /**
   * Asks an account to be a friend: `invite_sent` until it accepts, or `friend` at once when it had
   * already asked this account.
   */
  async addFriend(username: string): Promise<'invite_sent' | 'friend'> {
    const answer = await this.#call('POST /friends/add', { body: { username } });
    return answer.state === 'friend' ? 'friend' : 'invite_sent';
  }

  /** Friend requests not yet answered, both ways. */
  async friendRequests(): Promise<FriendRequests> {
    const answer = await this.#call('GET /friends/requests', {});
    this.#expect(
      isObjectArray(answer.incoming) && isObjectArray(answer.outgoing),
      'GET /friends/requests',
      'has no incoming and outgoing arrays of objects',
    );
    const ref = (account: AccountRef): AccountRef => ({ id: account.id, username: account.username });
    return { incoming: answer.incoming.map(ref), outgoing: answer.outgoing.map(ref) };
  }

  /** Accepts a friend request from `username`. */
  async acceptFriend(username: string): Promise<void> {
    await this.#call('POST /friends/accept', { body: { username } });
  }

  /** Declines a friend request from `username`. */
  async declineFriend(username: string): Promise<void> {
    await this.#call('POST /friends/decline', { body: { username } });
  }

  /** Removes a friend, withdraws a request to, or declines one from, `username`. */
  async removeFriend(username: string): Promise<void> {
    await this.#call('DELETE /friend/remove', { body: { username } });
  }

  /** Open lobbies the account's friends are in. */
  async friendLobbies(): Promise<FriendLobbies[]> {
    const answer = await this.#call('GET /lobby/friends', {});
    this.#expect(isObjectArray(answer), 'GET /lobby/friends', 'is not an array of objects');
    return answer.map((entry) => this.#friendLobbies(entry));
  }

  /** A lobby by id. */
  async lobby(lobbyId: number): Promise<LobbyInfo> {
    return this.#lobby('GET /lobby/', await this.#call('GET /lobby/', { query: { 'lobby-id': lobbyId } }));
  }

  /** Starts a new lobby for the game. */
  async createLobby(gameId: number): Promise<LobbyInfo> {
    const answer = await this.#call('POST /lobby/create', { body: { 'game-id': gameId } });
    return this.#lobby('POST /lobby/create', answer);
  }

  /** Matchmaking: an open lobby of the game, or a new one. */
  async matchmake(gameId: number): Promise<LobbyInfo & { created: boolean }> {
    const answer = await this.#call('POST /lobby/matchmake', { body: { 'game-id': gameId } });
    return { ...this.#lobby('POST /lobby/matchmake', answer), created: answer.created === true };
  }

  /** A game's stored scores, best first. */
  async scores(gameId: number): Promise<ScoreRow[]> {
    const answer = await this.#call('GET /scores/', { query: { 'game-id': gameId } });
    this.#expect(isObjectArray(answer.scores), 'GET /scores/', 'has no scores array of objects');
    return answer.scores.map((row) => ({
      accountId: row['account-id'],
      username: row.username,
      score: row.score,
    }));
  }

  /** An authenticated call; an expired token is renewed once with the password. */
  async #call<R extends PlatformRoute>(
    route: R,
    options: Omit<PlatformRequest<R>, 'authorization'>,
  ): Promise<PlatformRoutes[R]['answer']> {
    const request = (): Promise<PlatformRoutes[R]['answer']> =>
      this.client.request(route, { ...options, authorization: tokenAuth(this.#token) } as PlatformRequest<R>);
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof PlatformRequestError) || error.status !== 401) throw error;
      const fresh = await this.client.login(this.account.username, this.#password);
      this.#token = fresh.#token;
      return request();
    }
  }

  /** Throws PlatformUnreachableError unless `ok`: the answer lacks what this method reads. */
  #expect(ok: boolean, route: PlatformRoute, detail: string): asserts ok {
    if (!ok) throw malformedAnswer(this.client.baseUrl, route, detail);
  }

  /** The lobby answer with its address checked: the player's next step is to send UDP there. */
  #lobby(route: PlatformRoute, answer: LobbyInfoAnswer): LobbyInfo {
    const address: unknown = answer['lobby-addr'];
    this.#expect(
      Array.isArray(address) &&
        typeof address[0] === 'string' &&
        Number.isInteger(address[1]) &&
        address[1] >= 0 &&
        address[1] <= 65_535,
      route,
      'has no [host, port] lobby-addr',
    );
    const [host, port] = answer['lobby-addr'];
    return { lobbyId: answer['lobby-id'], gameId: answer['game-id'], address: formatHostPort(host, port) };
  }

  /** One friend's entry: the schema leaves its fields optional, the client needs them all. */
  #friendLobbies(entry: FriendLobbiesAnswer[number]): FriendLobbies {
    const { account, lobbies } = entry;
    this.#expect(
      isObject(account) &&
        account['account-id'] !== undefined &&
        account.username !== undefined &&
        isObjectArray(lobbies),
      'GET /lobby/friends',
      'has an entry without account or lobbies',
    );
    return {
      account: { id: account['account-id'], username: account.username },
      lobbies: lobbies.map((lobby) => {
        const { 'lobby-id': lobbyId, 'game-id': gameId, 'game-name': gameName } = lobby;
        this.#expect(
          lobbyId !== undefined && gameId !== undefined && gameName !== undefined,
          'GET /lobby/friends',
          'has a lobby without lobby-id, game-id or game-name',
        );
        return { lobbyId, gameId, gameName };
      }),
    };
  }
}

function tokenAuth(token: string): string {
  return `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Arrays are checked down to their items being objects, so reading an item's field cannot throw. */
function isObjectArray(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.every(isObject);
}

/** An answer that is not what the route's schema says: the server is not (or not only) a Paperclip platform. */
function malformedAnswer(baseUrl: string, route: PlatformRoute, detail: string): PlatformUnreachableError {
  return new PlatformUnreachableError(baseUrl, { cause: new Error(`The answer to ${route} ${detail}.`) });
}

async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`The response is larger than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
