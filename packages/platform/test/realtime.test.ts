// The platform's realtime endpoint: the status ping on UDP (the HTTP port's number) and ws://…/realtime,
// every lobby's ping, REALTIME_UDP=0, a taken UDP port, and token-only connections.
import { createSocket, type Socket } from 'node:dgram';
import { createRequire } from 'node:module';
import { MessageErrorCode, MessageRegistry } from '@paperclip/messages';
import { connectWebSocket, pingUdp, pingWebSocket } from '@paperclip/net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { StartErrors } from '../src/errors.ts';
import { type RunningPlatform, startPlatform } from '../src/server.ts';
import { TEST_ACCOUNT_KEY_SCRYPT, TEST_SCRYPT } from './support/test-app.ts';

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
const running: RunningPlatform[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((platform) => platform.close()));
  for (const socket of sockets.splice(0)) socket.close();
});

async function start(env: Record<string, string> = {}): Promise<RunningPlatform> {
  const config = loadConfig(
    { TCP_PORT: '0', DATABASE_URL: ':memory:', SECRET_KEY: 'realtime-test-secret-key', ...env },
    { scrypt: TEST_SCRYPT, accountKeyScrypt: TEST_ACCOUNT_KEY_SCRYPT },
  );
  const platform = await startPlatform(config, { handleSignals: false, logger: pino({ level: 'silent' }) });
  running.push(platform);
  return platform;
}

describe('the platform realtime endpoint', () => {
  it('answers the status ping on UDP at the HTTP port number and at ws://…/realtime', async () => {
    const platform = await start();
    const expected = { name: 'Paperclip platform', version: VERSION, players: 0, games: 0 };
    expect(platform.realtime.udpAddress).toBe(`127.0.0.1:${platform.port}`);
    expect((await pingUdp(`127.0.0.1:${platform.port}`)).status).toEqual(expected);
    expect((await pingWebSocket(`ws://127.0.0.1:${platform.port}/realtime`)).status).toEqual(expected);
    // `games` counts running lobbies.
    await platform.app.platform.lobbies.create(2);
    expect((await pingUdp(`127.0.0.1:${platform.port}`)).status).toMatchObject({ games: 1, players: 0 });
  });

  it('every lobby answers the ping with its game and its players', async () => {
    const platform = await start();
    const lobby = await platform.app.platform.lobbies.create(2);
    const { status } = await pingUdp(`${lobby.address.host}:${lobby.address.port}`);
    expect(status).toEqual({ name: 'Echo lobby', version: VERSION, players: 0, games: 1 });
  });

  it('with REALTIME_UDP=0 leaves WebSocket only', async () => {
    const platform = await start({ REALTIME_UDP: '0' });
    expect(platform.realtime.udpAddress).toBeUndefined();
    await expect(pingUdp(`127.0.0.1:${platform.port}`)).rejects.toThrow(
      `Nothing is listening on UDP 127.0.0.1:${platform.port} (connection refused).`,
    );
    expect((await pingWebSocket(`ws://127.0.0.1:${platform.port}/realtime`)).status.name).toBe(
      'Paperclip platform',
    );
  });

  it('stops the start-up with PORT_IN_USE when another socket holds the UDP port, and frees the HTTP port', async () => {
    const holder = createSocket('udp4');
    sockets.push(holder);
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
    const port = holder.address().port;
    const failure = await start({ TCP_PORT: String(port) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartErrors.PORT_IN_USE);
    expect((failure as Error).message).toBe(`UDP port ${port} on 127.0.0.1 is already in use.`);
    holder.close();
    sockets.length = 0;
    // Both sockets were released: the same port works now.
    expect((await start({ TCP_PORT: String(port) })).port).toBe(port);
  });

  it('admits realtime connections with a platform token only', async () => {
    const platform = await start();
    const url = `ws://127.0.0.1:${platform.port}/realtime`;
    const registry = new MessageRegistry([]);
    const anonymous = connectWebSocket(url, { registry });
    await expect(anonymous.waitForConnection(5000)).rejects.toMatchObject({
      code: MessageErrorCode.UNAUTHORIZED,
    });
    const { accounts } = platform.app.platform;
    const token = await accounts.issueToken(await accounts.register('Realtime', 'long enough password'));
    const ready = new Promise<unknown>((resolve) =>
      platform.realtime.server.once('ready', (connection) => resolve(connection.identity)),
    );
    const player = connectWebSocket(url, { registry, token });
    await player.waitForConnection(5000);
    expect(await ready).toEqual({ accountId: expect.any(Number), username: 'Realtime' });
    await player.close();
  });
});
