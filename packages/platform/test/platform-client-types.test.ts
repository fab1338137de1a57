// @paperclip/platform/client: its types come from the route schemas, it loads no server package, and it refuses malformed answers.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { importGraph } from '../../../test/support/import-graph.ts';
import {
  type FriendLobbiesAnswer,
  type GamesAnswer,
  type KeyAnswer,
  type LobbyInfo,
  type LobbyInfoAnswer,
  type MatchmakeAnswer,
  PlatformClient,
  type PlatformRequest,
  type PlatformRoutes,
  PlatformSession,
  PlatformUnreachableError,
  type RegisterAnswer,
  type RegisterBody,
  type ScoresAnswer,
  type TokenAnswer,
} from '../src/client/index.ts';
import { responses } from '../src/http/schemas.ts';
import { buildTestApp, type TestApp } from './support/test-app.ts';

const CLIENT_ENTRY = fileURLToPath(new URL('../src/client/index.ts', import.meta.url));

describe('@paperclip/platform/client types', () => {
  it('derives each answer from its route schema', () => {
    expectTypeOf<RegisterAnswer['account-id']>().toEqualTypeOf<number>();
    expectTypeOf<RegisterAnswer['username']>().toEqualTypeOf<string>();
    expectTypeOf<TokenAnswer['token']>().toEqualTypeOf<string>();
    expectTypeOf<KeyAnswer['key']>().toEqualTypeOf<string>();
    expectTypeOf<KeyAnswer['account-id']>().toEqualTypeOf<number>();
    expectTypeOf<GamesAnswer[string]>().toEqualTypeOf<string>();
    expectTypeOf<LobbyInfoAnswer['lobby-addr']>().toEqualTypeOf<[string, number]>();
    expectTypeOf<LobbyInfoAnswer['lobby-id']>().toEqualTypeOf<number>();
    expectTypeOf<MatchmakeAnswer['created']>().toEqualTypeOf<boolean>();
    expectTypeOf<ScoresAnswer['scores'][number]['score']>().toEqualTypeOf<number>();
    // The schema leaves these optional, so the client has to check them before use.
    expectTypeOf<FriendLobbiesAnswer[number]['account']>().toEqualTypeOf<
      { [key: string]: unknown; 'account-id'?: number; username?: string } | undefined
    >();
    expectTypeOf<PlatformRoutes['DELETE /friend/remove']['answer']>().toEqualTypeOf<null>();
  });

  it('derives request bodies from their schemas and types each call', () => {
    expectTypeOf<RegisterBody['username']>().toEqualTypeOf<string>();
    expectTypeOf<RegisterBody['password']>().toEqualTypeOf<string>();
    expectTypeOf<PlatformRequest<'POST /lobby/create'>['body']>().toHaveProperty('game-id');
    expectTypeOf<PlatformRequest<'GET /lobby/'>['query']['lobby-id']>().toEqualTypeOf<number>();
    expectTypeOf<PlatformClient['request']>().returns.resolves.not.toBeAny();
    expectTypeOf<ReturnType<PlatformClient['request']>>().toEqualTypeOf<
      Promise<PlatformRoutes[keyof PlatformRoutes]['answer']>
    >();
    expectTypeOf<LobbyInfo['lobbyId']>().toEqualTypeOf<number>();
  });

  it('reaches no server package at run time from src/client/index.ts', () => {
    const { files, packages } = importGraph(CLIENT_ENTRY);
    // The walk must see the client's own modules, or an empty graph would pass.
    expect([...files].map((file) => file.split('/src/')[1])).toEqual(
      expect.arrayContaining(['client/index.ts', 'client/platform-client.ts', 'auth/account-keys.ts']),
    );
    // The schemas and json-schema-to-ts are types only.
    expect([...files].some((file) => file.endsWith('/schemas.ts') || file.endsWith('/api-types.ts'))).toBe(
      false,
    );
    const server = /^(fastify|@fastify\/.*|kysely|pg|better-sqlite3|pino|json-schema-to-ts)(\/.*)?$/;
    expect([...packages].filter((name) => server.test(name))).toEqual([]);
    expect([...packages].filter((name) => !name.startsWith('node:')).sort()).toEqual(['@paperclip/protocol']);
  });
});

describe('GET /scores/ schema', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp('sqlite', 'client-types');
  });
  afterAll(() => test.close());

  it("is the schema the client's ScoresAnswer comes from", async () => {
    await test.app.ready();
    const document = test.app.swagger() as {
      paths: Record<
        string,
        { get?: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }
      >;
    };
    const served = document.paths['/scores/']?.get?.responses['200']?.content['application/json']?.schema;
    expect(served).toEqual(responses.scores);
  });
});

describe('PlatformClient against a server that is not a platform', () => {
  let server: Server;
  let client: PlatformClient;
  /** What the fake server answers next: a 200 with this JSON text. */
  let answer = '{}';
  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    client = new PlatformClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('refuses an answer of the wrong JSON kind with PC_HTTP_UNREACHABLE', async () => {
    answer = '[1, 2]';
    const call = client.request('POST /auth/register', {
      body: { username: 'Mario', password: 'secret123' },
    });
    await expect(call).rejects.toBeInstanceOf(PlatformUnreachableError);
    await expect(call).rejects.toMatchObject({
      code: 'PC_HTTP_UNREACHABLE',
      cause: { message: 'The answer to POST /auth/register is not a JSON object.' },
    });
    answer = '"token"';
    await expect(client.request('GET /auth/token', {})).rejects.toBeInstanceOf(PlatformUnreachableError);
  });

  it('refuses a lobby without a [host, port] address and a friend entry without its fields', async () => {
    const session = new PlatformSession(
      client,
      { id: 1, username: 'Mario' },
      'secret123',
      'token',
      generateKeyPairSync('ed25519').privateKey,
    );
    answer = JSON.stringify({ 'lobby-id': 3, 'lobby-addr': [4000, '::1'], 'game-id': 7 });
    await expect(session.lobby(3)).rejects.toMatchObject({
      code: 'PC_HTTP_UNREACHABLE',
      cause: { message: 'The answer to GET /lobby/ has no [host, port] lobby-addr.' },
    });
    answer = JSON.stringify([{ account: { username: 'Luigi' }, lobbies: [] }]);
    await expect(session.friendLobbies()).rejects.toBeInstanceOf(PlatformUnreachableError);
    answer = JSON.stringify({ friends: [null] });
    await expect(session.friends()).rejects.toBeInstanceOf(PlatformUnreachableError);
  });

  it('sends query fields as the query string and returns the answer as sent', async () => {
    const lobby = { 'lobby-id': 3, 'lobby-addr': ['::1', 4000], 'game-id': 7 };
    answer = JSON.stringify(lobby);
    expect(await client.request('GET /lobby/', { query: { 'lobby-id': 3 } })).toEqual(lobby);
  });
});
