// Builds the platform app for inject() tests: a test database, a fake game and a manual clock.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type PlatformConfig, type PlatformConfigOverrides } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { GameRegistry } from '../../src/lobbies/game-plugin.ts';
import { openTestDatabase, type TestDialect } from './databases.ts';
import { FakeGame, ManualScheduler } from './fake-game.ts';

/** An app under test and its controllable parts. */
export interface TestApp {
  app: FastifyInstance;
  config: PlatformConfig;
  scheduler: ManualScheduler;
  game: FakeGame;
  close(): Promise<void>;
}

/** A cheaper scrypt cost for API tests (the production cost is tested in auth-primitives.test.ts). */
export const TEST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 } as const;

/** A cheaper account-key scrypt cost for API tests (the default cost is tested in account-keys.test.ts). */
export const TEST_ACCOUNT_KEY_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const;

/** The fake game every API test hosts (id 7, 2–3 players). */
export const TEST_GAME = { id: 7, name: 'Fake Game', minPlayers: 2, maxPlayers: 3 } as const;

/** Builds an app on a fresh database of the dialect. */
export async function buildTestApp(
  dialect: TestDialect,
  label: string,
  overrides: PlatformConfigOverrides = {},
): Promise<TestApp> {
  const config = loadConfig(
    {},
    {
      secretKey: 'test-secret-key-0123456789',
      authRateLimit: 0,
      scrypt: TEST_SCRYPT,
      accountKeyScrypt: TEST_ACCOUNT_KEY_SCRYPT,
      ...overrides,
    },
  );
  const scheduler = new ManualScheduler();
  const game = new FakeGame(TEST_GAME.id, TEST_GAME.name, TEST_GAME.minPlayers, TEST_GAME.maxPlayers);
  const database = await openTestDatabase(dialect, label);
  const app = await buildApp(config, {
    database,
    scheduler,
    registry: new GameRegistry().register(game),
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  return { app, config, scheduler, game, close: () => app.close() };
}

/** `Authorization: Basic` for user:password. */
export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** `Authorization: Basic` for a token, as the seed client sends it (token:""). */
export function tokenAuth(token: string): string {
  return basic(token, '');
}

/** Registers an account and returns its token auth header and id. */
export async function registerAndLogin(
  app: FastifyInstance,
  username: string,
  password = 'correct horse',
): Promise<{ auth: string; id: number; token: string }> {
  const created = await app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { username, password },
  });
  if (created.statusCode !== 201)
    throw new Error(`register ${username}: ${created.statusCode} ${created.body}`);
  const token = await app.inject({
    method: 'GET',
    url: '/auth/token',
    headers: { authorization: basic(username, password) },
  });
  if (token.statusCode !== 200) throw new Error(`token ${username}: ${token.statusCode} ${token.body}`);
  return { auth: tokenAuth(token.json().token), id: created.json()['account-id'], token: token.json().token };
}

/** Expects an error response with the given status and error code; returns its message. */
export function errorOf(response: LightMyRequestResponse): {
  status: number;
  error: string;
  message: string;
} {
  const body = response.json() as { error: string; message: string };
  return { status: response.statusCode, error: body.error, message: body.message };
}
