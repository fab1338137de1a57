// Findings 6 and 7 of issue 14 over real loopback WebSockets: half-open sockets have their own cap and deadline,
// one source address has a cap, and slow readers are bounded per connection and in total (checked on the accounting).

import {
  createClientConnection,
  defineMessage,
  type MessageConnection,
  MessageRegistry,
  MessageServer,
  type MessageServerOptions,
  Type,
  type WebSocketLike,
  WebSocketLink,
} from '@paperclip/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebSocketAcceptor, type WebSocketAcceptorOptions } from '../src/ws/websocket-acceptor.ts';
import { connectWebSocket } from '../src/ws/websocket-client.ts';

const Blob = defineMessage('attack:blob', Type.Uint8Array(), { from: 'server' });
const registry = new MessageRegistry([Blob]);
const WAIT_MS = 5000;
const CHUNK = new Uint8Array(32 * 1024);

/** Deadlines the test fires by hand (injected time: no sleeps). */
class ManualDeadlines {
  readonly pending = new Set<() => void>();
  readonly schedule = (_ms: number, action: () => void): (() => void) => {
    this.pending.add(action);
    return () => this.pending.delete(action);
  };
  fireAll(): void {
    const actions = [...this.pending];
    this.pending.clear();
    for (const action of actions) action();
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(options: Partial<MessageServerOptions>, ws: WebSocketAcceptorOptions = {}) {
  const server = new MessageServer({ registry, ...options });
  const acceptor = new WebSocketAcceptor({ host: '127.0.0.1', port: 0, ...ws });
  await server.listen(acceptor);
  cleanups.push(() => server.close());
  return { server, acceptor };
}

/** A raw socket from a chosen loopback source address (all of 127/8 is loopback on Linux) that never says HELLO. */
async function idleSocket(url: string, localAddress = '127.0.0.1'): Promise<WebSocket> {
  const socket = new WebSocket(url, { localAddress, perMessageDeflate: false });
  cleanups.push(async () => socket.terminate());
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

function closeStatus(socket: WebSocket): Promise<number> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

/** Resolves with the server side of the next `count` connections. */
function nextConnections(server: MessageServer, count: number): Promise<MessageConnection[]> {
  const seen: MessageConnection[] = [];
  return new Promise((resolve) => {
    const listener = (connection: MessageConnection) => {
      seen.push(connection);
      if (seen.length === count) {
        server.off('connection', listener);
        resolve(seen);
      }
    };
    server.on('connection', listener);
  });
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A client that finished the handshake and then stopped reading its socket (TCP backpressure builds up). */
async function slowReader(url: string, server: MessageServer): Promise<MessageConnection> {
  const ready = new Promise<MessageConnection>((resolve) => server.once('ready', resolve));
  const socket = new WebSocket(url, { perMessageDeflate: false });
  cleanups.push(async () => socket.terminate());
  const link = new WebSocketLink(socket as unknown as WebSocketLike, {
    carrier: 'websocket',
    remoteAddress: url,
  });
  const client = createClientConnection(link, { registry });
  await client.waitForConnection(WAIT_MS);
  const serverSide = await ready;
  socket.pause();
  return serverSide;
}

describe('finding 6: sockets that never send HELLO do not fill maxConnections', () => {
  it('idle sockets over the half-open cap do not stop a legitimate client, and never count against maxConnections', async () => {
    const { server, acceptor } = await startServer({
      maxConnections: 2,
      maxHalfOpen: 4,
      maxConnectionsPerAddress: 100,
    });
    const arrived = nextConnections(server, 12);
    for (let i = 0; i < 12; i++) await idleSocket(acceptor.url, `127.0.0.${10 + (i % 4)}`);
    await arrived;
    const legit = connectWebSocket(acceptor.url, { registry });
    cleanups.push(() => legit.close());
    await expect(legit.waitForConnection(WAIT_MS), 'a legitimate client connects').resolves.toBeUndefined();
    expect(server.halfOpenCount, 'half-open connections stay under their own cap').toBeLessThanOrEqual(4);
    const second = connectWebSocket(acceptor.url, { registry });
    cleanups.push(() => second.close());
    await expect(second.waitForConnection(WAIT_MS)).resolves.toBeUndefined();
    const third = connectWebSocket(acceptor.url, { registry });
    expect(await third.waitForClose(WAIT_MS), 'maxConnections counts finished handshakes').toMatchObject({
      code: 'PC_MSG_SERVER_FULL',
    });
  });

  it('closes half-open sockets at their own deadline with HANDSHAKE_TIMEOUT (injected time)', async () => {
    const deadlines = new ManualDeadlines();
    const { server, acceptor } = await startServer({
      halfOpenTimeoutMs: 5000,
      setDeadline: deadlines.schedule,
    } as Partial<MessageServerOptions>);
    const arrived = nextConnections(server, 3);
    const sockets = [
      await idleSocket(acceptor.url),
      await idleSocket(acceptor.url),
      await idleSocket(acceptor.url),
    ];
    await arrived;
    expect(deadlines.pending.size, 'every half-open connection has a deadline').toBe(3);
    const statuses = Promise.all(sockets.map(closeStatus));
    const reasons: unknown[] = [];
    const allClosed = new Promise((resolve) =>
      server.on('close', ({ reason }) => reasons.push(reason) === 3 && resolve(reasons)),
    );
    deadlines.fireAll();
    await Promise.all([statuses, allClosed]);
    expect(reasons).toEqual(Array(3).fill(expect.objectContaining({ code: 'PC_MSG_HANDSHAKE_TIMEOUT' })));
    expect(server.connections.size).toBe(0);
  });

  it('a connection that finishes its handshake loses its half-open deadline', async () => {
    const deadlines = new ManualDeadlines();
    const { server, acceptor } = await startServer({
      setDeadline: deadlines.schedule,
    } as Partial<MessageServerOptions>);
    const ready = new Promise((resolve) => server.once('ready', resolve));
    const client = connectWebSocket(acceptor.url, { registry });
    cleanups.push(() => client.close());
    await client.waitForConnection(WAIT_MS);
    await ready;
    expect(deadlines.pending.size).toBe(0);
    expect(server.halfOpenCount).toBe(0);
  });
});

describe('finding 6: a per-source-address cap', () => {
  it('refuses the N+1th connection from one address at the upgrade (HTTP 429), and not another address', async () => {
    const { server, acceptor } = await startServer({ maxConnectionsPerAddress: 3 });
    const arrived = nextConnections(server, 3);
    for (let i = 0; i < 3; i++) await idleSocket(acceptor.url, '127.0.0.3');
    const connections = await arrived;
    expect(connections.map((c) => c.state)).toEqual(['handshaking', 'handshaking', 'handshaking']);
    const fourth = new WebSocket(acceptor.url, { localAddress: '127.0.0.3', perMessageDeflate: false });
    fourth.on('error', () => {}); // the refusal also surfaces as an error event
    cleanups.push(async () => fourth.terminate());
    const status = await new Promise<number | 'open'>((resolve) => {
      fourth.once('open', () => resolve('open'));
      fourth.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    });
    expect(status, 'the 4th connection from 127.0.0.3 is refused').toBe(429);
    expect(server.connections.size).toBe(3);
    const other = nextConnections(server, 1);
    await idleSocket(acceptor.url, '127.0.0.4');
    expect((await other)[0]?.state).toBe('handshaking');
  });
});

describe('finding 7: slow readers are bounded per connection and in total', () => {
  it('closes a reader that stops reading once its buffer bound is exceeded, and returns its bytes', async () => {
    const { server, acceptor } = await startServer({}, { maxBufferedBytes: 256 * 1024 });
    const reader = await slowReader(acceptor.url, server);
    let peak = 0;
    for (let round = 0; round < 400 && reader.state === 'active'; round++) {
      for (let i = 0; i < 8; i++) reader.send(Blob, CHUNK);
      await turn();
      peak = Math.max(peak, acceptor.bufferedBytes ?? Number.NaN);
    }
    for (let round = 0; round < 50 && reader.state !== 'closed'; round++) await turn();
    expect(reader.closeReason, 'the slow reader is closed').toMatchObject({ code: 'PC_MSG_LIMIT_EXCEEDED' });
    expect(reader.closeReason?.message).toMatch(/not reading/);
    expect(peak, 'the accounting saw the backlog, within its bound').toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(256 * 1024);
    expect(acceptor.bufferedBytes, 'its buffered bytes are released').toBe(0);
  });

  it('respects the total bound across connections and closes the largest holder', async () => {
    const total = 512 * 1024;
    const { server, acceptor } = await startServer(
      {},
      { maxBufferedBytes: 4 * 1024 * 1024, maxBufferedBytesTotal: total },
    );
    const readers = [
      await slowReader(acceptor.url, server),
      await slowReader(acceptor.url, server),
      await slowReader(acceptor.url, server),
    ];
    let peak = 0;
    for (let round = 0; round < 400 && readers.some((r) => r.state === 'active'); round++) {
      for (const reader of readers) {
        if (reader.state === 'active') for (let i = 0; i < 4; i++) reader.send(Blob, CHUNK);
      }
      await turn();
      peak = Math.max(peak, acceptor.bufferedBytes ?? Number.NaN);
    }
    for (let round = 0; round < 50 && readers.some((r) => r.state !== 'closed'); round++) await turn();
    const reasons = readers.map((r) => r.closeReason?.message);
    expect(
      reasons.filter((m) => m && /total/.test(m)).length,
      'the total bound closed slow readers',
    ).toBeGreaterThan(0);
    expect(readers.map((r) => r.closeReason?.code)).toEqual(Array(3).fill('PC_MSG_LIMIT_EXCEEDED'));
    expect(peak, 'total buffered bytes stayed under the bound').toBeLessThanOrEqual(total);
    expect(peak).toBeGreaterThan(0);
    expect(acceptor.bufferedBytes).toBe(0);
  });
});
