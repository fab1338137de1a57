// The platform's default logger: request lines only at debug, secrets redacted; a taken HTTP port is a typed error.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { StartError, StartErrors } from '../src/errors.ts';
import { buildApp } from '../src/http/app.ts';
import { GameRegistry } from '../src/lobbies/game-plugin.ts';
import { createPlatformLogger } from '../src/logging.ts';
import { startPlatform } from '../src/server.ts';
import { openTestDatabase } from './support/databases.ts';
import { ManualScheduler } from './support/fake-game.ts';
import { TEST_ACCOUNT_KEY_SCRYPT, TEST_SCRYPT } from './support/test-app.ts';

const config = loadConfig(
  {},
  {
    secretKey: 'test-secret-key-0123456789',
    scrypt: TEST_SCRYPT,
    accountKeyScrypt: TEST_ACCOUNT_KEY_SCRYPT,
    databaseUrl: ':memory:',
  },
);
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger at `level` whose JSON lines land in the returned array. */
function capturedLogger(level: string): {
  logger: ReturnType<typeof createPlatformLogger>;
  lines: Array<Record<string, unknown>>;
} {
  const lines: Array<Record<string, unknown>> = [];
  const destination = {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  return { logger: createPlatformLogger({ level, destination }), lines };
}

async function requestLogsAt(level: string): Promise<Array<Record<string, unknown>>> {
  const { logger, lines } = capturedLogger(level);
  const app = await buildApp(config, {
    logger,
    database: await openTestDatabase('sqlite', 'start-logging'),
    scheduler: new ManualScheduler(),
    registry: new GameRegistry(),
  });
  cleanups.push(() => app.close());
  await app.inject({ method: 'GET', url: '/games/?secret=1', headers: { authorization: 'Bearer abc' } });
  return lines.filter((line) => line['msg'] === 'incoming request' || line['msg'] === 'request completed');
}

describe('request log lines', () => {
  it('are left out at the default level (info)', async () => {
    expect(await requestLogsAt('info')).toEqual([]);
  });

  it('appear at debug (LOG_LEVEL=debug), without headers or the query string', async () => {
    const lines = await requestLogsAt('debug');
    expect(lines.map((line) => [line['level'], line['msg']])).toEqual([
      [20, 'incoming request'],
      [20, 'request completed'],
    ]);
    expect(lines[0]?.['req']).toEqual({ method: 'GET', path: '/games/', remoteAddress: '127.0.0.1' });
    expect(JSON.stringify(lines)).not.toMatch(/secret|Bearer/);
  });
});

describe('LOG_LEVEL', () => {
  it('is info when unset or empty, and a typo is one sentence before anything starts', () => {
    expect(loadConfig({ LOG_LEVEL: '' }).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of silent, fatal, error, warn, info, debug, trace, but it is "verbose".',
    );
  });
});

describe('startPlatform on a taken port', () => {
  it('throws PC_START_PORT_IN_USE naming the HTTP socket, host and port, without a hint of its own', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => holder.close(resolve)));
    const port = (holder.address() as { port: number }).port;
    const { logger } = capturedLogger('silent');
    const error = await startPlatform({ ...config, httpPort: port }, { logger, handleSignals: false }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StartErrors.PORT_IN_USE);
    expect(error).toBeInstanceOf(StartError);
    expect(error).toMatchObject({
      code: 'PC_START_PORT_IN_USE',
      details: { host: '127.0.0.1', port, socket: 'HTTP' },
      message: `HTTP port ${port} on 127.0.0.1 is already in use.`,
    });
  });
});
