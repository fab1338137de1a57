// A real platform on 127.0.0.1 (HTTP and the lobbies' UDP servers) for the tests that go over the network,
// and a small fetch client for its JSON API.
import pino from 'pino';
import { loadConfig, type PlatformConfigOverrides } from '../../src/config.ts';
import { type RunningPlatform, startPlatform } from '../../src/server.ts';
import { openTestDatabase, type TestDialect } from './databases.ts';
import { TEST_SCRYPT } from './test-app.ts';

/** Starts the platform on a fresh `dialect` database, any port, no auth rate limit, test scrypt cost, `overrides`. */
export async function startLoopbackPlatform(
  dialect: TestDialect,
  label: string,
  overrides: PlatformConfigOverrides,
): Promise<RunningPlatform> {
  const database = await openTestDatabase(dialect, label);
  const config = loadConfig(
    {},
    { httpPort: 0, host: '127.0.0.1', authRateLimit: 0, scrypt: TEST_SCRYPT, ...overrides },
  );
  return startPlatform(config, { database, handleSignals: false, logger: pino({ level: 'silent' }) });
}

/** One request to the platform at `url`: JSON body in, status and parsed JSON (undefined when empty) out. */
export async function httpJson(
  url: string,
  method: string,
  path: string,
  auth: string | undefined,
  body?: object,
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(auth === undefined ? {} : { authorization: auth }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}
