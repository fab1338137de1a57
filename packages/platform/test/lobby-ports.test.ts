// LOBBY_PORTS: parsing the range, lobbies bound inside it on real UDP sockets, a taken port skipped, 503 when full.
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServerIdentity, type ServerIdentity } from '../src/auth/server-identity.ts';
import { loadConfig } from '../src/config.ts';
import { ConfigError, PlatformError } from '../src/errors.ts';
import { buildApp } from '../src/http/app.ts';
import { echoGame } from '../src/lobbies/echo-game.ts';
import { GameRegistry } from '../src/lobbies/game-plugin.ts';
import { LobbyManager, type LobbyRecords } from '../src/lobbies/lobby-manager.ts';
import { parsePortRange, portsFrom } from '../src/lobbies/port-range.ts';
import { openTestDatabase } from './support/databases.ts';
import { ManualScheduler } from './support/fake-game.ts';
import { registerAndLogin, TEST_ACCOUNT_KEY_SCRYPT, TEST_SCRYPT } from './support/test-app.ts';

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

/** Two consecutive free UDP ports on loopback, found by holding both; the caller decides which to keep held. */
async function twoAdjacentPorts(): Promise<{ first: Socket; second: Socket; port: number }> {
  for (;;) {
    const first = await bound(0);
    const port = first.address().port;
    if (port < 65535) {
      const second = await bound(port + 1).catch(() => undefined);
      if (second !== undefined) return { first, second, port };
    }
    await close(first);
  }
}

function bound(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

/** Closes a test socket; one already closed is left as it is (cleanup may come after the test closed it). */
function close(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}

class MemoryRecords implements LobbyRecords {
  next = 1;
  async openLobby(): Promise<number> {
    return this.next++;
  }
  async closeLobby(): Promise<void> {}
  async recordScore(): Promise<void> {}
}

describe('LobbyManager with a port range', () => {
  let identity: ServerIdentity;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    identity = await createServerIdentity('Paperclip', '127.0.0.1');
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('binds inside the range, skips a port another socket holds, and answers 503 when every port is taken', async () => {
    const { first, second, port } = await twoAdjacentPorts();
    // The range's first port stays held by a socket that is not a lobby; the second is free for one.
    await close(second);
    cleanups.push(() => close(first));
    const manager = new LobbyManager({
      registry: new GameRegistry().register(echoGame),
      records: new MemoryRecords(),
      scheduler: new ManualScheduler(),
      identity,
      host: '127.0.0.1',
      certificateValidationUrl: () => 'http://127.0.0.1:5000/auth/certificate/validate',
      pruneTime: 60,
      heartbeatMinTime: 30,
      heartbeatMaxTime: 120,
      maxClients: undefined,
      ports: { first: port, last: port + 1 },
    });
    cleanups.push(() => manager.close());

    const lobby = await manager.create(echoGame.id);
    expect(lobby.address).toEqual({ host: '127.0.0.1', port: port + 1 });

    const full = await manager.create(echoGame.id).catch((error: unknown) => error);
    expect(full).toBeInstanceOf(PlatformError);
    expect(full).toMatchObject({ status: 503, key: 'LOBBY_PORTS_EXHAUSTED' });
    expect((full as Error).message).toBe(
      `Every UDP port of the lobby range ${port}-${port + 1} (LOBBY_PORTS) is in use; try again when a lobby closes.`,
    );

    // The other program lets go of its port: the next lobby gets it.
    await close(first);
    expect((await manager.create(echoGame.id)).address.port).toBe(port);
  });

  it('answers POST /lobby/create with 503 and lobby_ports_exhausted when the range is full', async () => {
    const { first, second, port } = await twoAdjacentPorts();
    await close(second);
    cleanups.push(() => close(first));
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
