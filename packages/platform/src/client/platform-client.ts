// The platform's HTTP API as a player sees it: register, log in (token + account key), games, friends, lobbies, scores.
import type { KeyObject } from 'node:crypto';
// Only pure helpers from protocol (no dependencies): the client stays free of the server's and net's packages.
import { CodedError, formatHostPort } from '@paperclip/protocol';
import { decryptAccountKey } from '../auth/account-keys.ts';
import { PlatformErrorCode, platformErrorCodeOf } from '../errors.ts';

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

type Json = Record<string, unknown>;

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
    const body = await this.request('POST', '/auth/register', undefined, { username, password });
    return { id: Number(body['account-id']), username: String(body['username']) };
  }

  /** Logs in: a token, then the account's key (decrypted here with the password, as the seed client does). */
  async login(username: string, password: string): Promise<PlatformSession> {
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const token = String((await this.request('GET', '/auth/token', basic))['token']);
    const key = await this.request('GET', '/auth/key', tokenAuth(token));
    let privateKey: KeyObject;
    try {
      privateKey = decryptAccountKey(Buffer.from(String(key['key']), 'base64'), password);
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
    return new PlatformSession(
      this,
      { id: Number(key['account-id']), username },
      password,
      token,
      privateKey,
    );
  }

  /** One JSON request; throws PlatformRequestError (an error answer) or PlatformUnreachableError. */
  async request(method: string, path: string, authorization?: string, body?: Json): Promise<Json> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
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
      const answer = (parsed ?? {}) as Json;
      throw new PlatformRequestError(
        response.status,
        typeof answer['error'] === 'string' ? answer['error'] : `http_${response.status}`,
        typeof answer['message'] === 'string' ? answer['message'] : `The server answered ${response.status}.`,
      );
    }
    return (typeof parsed === 'object' && parsed !== null ? parsed : { value: parsed }) as Json;
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
    const body = await this.#call('GET', '/games/');
    return Object.entries(body).map(([id, name]) => ({ id: Number(id), name: String(name) }));
  }

  /** The account's friends. */
  async friends(): Promise<AccountRef[]> {
    const body = await this.#call('GET', '/friends/');
    return (body['friends'] as { id: number; username: string }[]).map((f) => ({
      id: f.id,
      username: f.username,
    }));
  }

  /** Adds a friend by username. */
  async addFriend(username: string): Promise<void> {
    await this.#call('POST', '/friends/add', { username });
  }

  /** Removes a friend by username. */
  async removeFriend(username: string): Promise<void> {
    await this.#call('DELETE', '/friend/remove', { username });
  }

  /** Open lobbies the account's friends are in. */
  async friendLobbies(): Promise<FriendLobbies[]> {
    const body = (await this.#call('GET', '/lobby/friends')) as unknown as Json[];
    return (Array.isArray(body) ? body : []).map((entry) => {
      const account = entry['account'] as Json;
      const lobbies = entry['lobbies'] as Json[];
      return {
        account: { id: Number(account['account-id']), username: String(account['username']) },
        lobbies: lobbies.map((lobby) => ({
          lobbyId: Number(lobby['lobby-id']),
          gameId: Number(lobby['game-id']),
          gameName: String(lobby['game-name']),
        })),
      };
    });
  }

  /** A lobby by id. */
  async lobby(lobbyId: number): Promise<LobbyInfo> {
    return toLobby(await this.#call('GET', `/lobby/?lobby-id=${lobbyId}`));
  }

  /** Starts a new lobby for the game. */
  async createLobby(gameId: number): Promise<LobbyInfo> {
    return toLobby(await this.#call('POST', '/lobby/create', { 'game-id': gameId }));
  }

  /** Matchmaking: an open lobby of the game, or a new one. */
  async matchmake(gameId: number): Promise<LobbyInfo & { created: boolean }> {
    const body = await this.#call('POST', '/lobby/matchmake', { 'game-id': gameId });
    return { ...toLobby(body), created: body['created'] === true };
  }

  /** A game's stored scores, best first. */
  async scores(gameId: number): Promise<ScoreRow[]> {
    const body = await this.#call('GET', `/scores/?game-id=${gameId}`);
    return (body['scores'] as Json[]).map((row) => ({
      accountId: Number(row['account-id']),
      username: String(row['username']),
      score: Number(row['score']),
    }));
  }

  /** An authenticated call; an expired token is renewed once with the password. */
  async #call(method: string, path: string, body?: Json): Promise<Json> {
    try {
      return await this.client.request(method, path, tokenAuth(this.#token), body);
    } catch (error) {
      if (!(error instanceof PlatformRequestError) || error.status !== 401) throw error;
      const fresh = await this.client.login(this.account.username, this.#password);
      this.#token = fresh.#token;
      return this.client.request(method, path, tokenAuth(this.#token), body);
    }
  }
}

function tokenAuth(token: string): string {
  return `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
}

function toLobby(body: Json): LobbyInfo {
  const [host, port] = body['lobby-addr'] as [string, number];
  return {
    lobbyId: Number(body['lobby-id']),
    gameId: Number(body['game-id']),
    address: formatHostPort(host, port),
  };
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
