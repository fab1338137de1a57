// LOBBY_PORTS: parsing the range, and 503 lobby_ports_exhausted over HTTP when it is full (the allocation itself:
// lobby-manager.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';
import { buildApp } from '../src/http/app.ts';
import { echoGame } from '../src/lobbies/echo-game.ts';
import { GameRegistry } from '../src/lobbies/game-plugin.ts';
import { parsePortRange, portsFrom } from '../src/lobbies/port-range.ts';
import { openTestDatabase } from './support/databases.ts';
import { ManualScheduler } from './support/fake-game.ts';
import { registerAndLogin, TEST_ACCOUNT_KEY_SCRYPT, TEST_SCRYPT } from './support/test-app.ts';
import { closeSocket, twoAdjacentPorts } from './support/udp-ports.ts';

describe('parsePortRange', () => {
  it('reads first-last and a single port', () => {
    expect(parsePortRange('40000-40999', 'LOBBY_PORTS')).toEqual({ first: 40000, last: 40999 });
    expect(parsePortRange(' 40000 - 40001 ', 'LOBBY_PORTS')).toEqual({ first: 40000, last: 40001 });
    expect(parsePortRange('40100', 'LOBBY_PORTS')).toEqual({ first: 40100, last: 40100 });
  });

  it.each([
    '40999-40000',
    '0-10',
    '1-65536',
    '40000-',
    'a-b',
    '40000:40999',
    '',
  ])('refuses "%s" in one sentence naming the setting', (text) => {
    const attempt = () => parsePortRange(text, '--lobby-ports');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      `--lobby-ports must be a port range like 40000-40999 (ports 1 to 65535, the first not above the last), but it is "${text}".`,
    );
  });

  it('is read from LOBBY_PORTS, and is undefined (any free port) without it', () => {
    expect(loadConfig({ LOBBY_PORTS: '40000-40009' }).lobbyPorts).toEqual({ first: 40000, last: 40009 });
    expect(loadConfig({}).lobbyPorts).toBeUndefined();
    expect(() => loadConfig({ LOBBY_PORTS: '5-4' })).toThrow(/^LOBBY_PORTS must be a port range/);
  });

  it('tries ports from where the last search ended, wrapping around the range', () => {
    expect([...portsFrom({ first: 10, last: 13 }, 12)]).toEqual([12, 13, 10, 11]);
    expect([...portsFrom({ first: 10, last: 13 }, 0)]).toEqual([10, 11, 12, 13]);
  });
});

describe('LOBBY_PORTS over HTTP', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('answers POST /lobby/create with 503 and lobby_ports_exhausted when the range is full', async () => {
    const { first, second, port } = await twoAdjacentPorts();
    await closeSocket(second);
    cleanups.push(() => closeSocket(first));
    const config = loadConfig(
      {},
      {
        secretKey: 'test-secret-key-0123456789',
        authRateLimit: 0,
        scrypt: TEST_SCRYPT,
        accountKeyScrypt: TEST_ACCOUNT_KEY_SCRYPT,
        lobbyPorts: { first: port, last: port },
      },
    );
    const app = await buildApp(config, {
      database: await openTestDatabase('sqlite', 'lobby-ports'),
      scheduler: new ManualScheduler(),
      registry: new GameRegistry().register(echoGame),
    });
    cleanups.push(() => app.close());
    const { auth } = await registerAndLogin(app, 'porter');
    const response = await app.inject({
      method: 'POST',
      url: '/lobby/create',
      headers: { authorization: auth },
      payload: { 'game-id': echoGame.id },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: 'lobby_ports_exhausted',
      message: `Every UDP port of the lobby range ${port}-${port} (LOBBY_PORTS) is in use; try again when a lobby closes.`,
    });
  });
});
