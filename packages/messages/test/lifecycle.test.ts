// Connection lifecycle over the in-memory carrier: states in order, handshake timeout, connection loss, early-message bound.
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../src/carriers/memory-carrier.ts';
import { createClientConnection } from '../src/connection.ts';
import { defineMessage } from '../src/define-message.ts';
import { MessageRegistry } from '../src/registry.ts';
import { MessageServer } from '../src/server.ts';

const Note = defineMessage('test:note', Type.String());
const registry = new MessageRegistry([Note]);

async function setup(options: Partial<ConstructorParameters<typeof MessageServer>[0]> = {}) {
  const network = new MemoryNetwork();
  const server = new MessageServer({ registry, ...options });
  await server.listen(network.acceptor());
  return { network, server };
}

describe('connection lifecycle', () => {
  it('goes connecting → handshaking → active → closing → closed, with events in that order', async () => {
    const { network, server } = await setup();
    const client = createClientConnection(network.connect(), { registry });
    const seen: string[] = [client.state];
    client.on('connect', () => seen.push(client.state));
    client.on('ready', () => seen.push(client.state));
    client.on('close', () => seen.push(client.state));
    await client.waitForConnection(5000);
    const closing = client.close();
    seen.push(client.state);
    await closing;
    expect(seen).toEqual(['connecting', 'handshaking', 'active', 'closing', 'closed']);
    await expect(client.waitForConnection(10)).rejects.toMatchObject({ code: 'PC_MSG_NORMAL' });
    expect(await client.waitForClose(10)).toMatchObject({ code: 'PC_MSG_NORMAL' });
    await server.close();
  });

  it('closes a peer that never says HELLO with HANDSHAKE_TIMEOUT (half-open state expires)', async () => {
    const { network, server } = await setup({ limits: { handshakeTimeoutMs: 30 } });
    const closed = new Promise((resolve) => server.once('close', ({ reason }) => resolve(reason)));
    const silent = network.connect();
    silent.start({ open: () => {}, packet: () => {}, closed: () => {} });
    expect(await closed).toMatchObject({ code: 'PC_MSG_HANDSHAKE_TIMEOUT', remote: false });
    expect(server.connections.size).toBe(0);
    await server.close();
  });

  it('reports CONNECTION_LOST when the link dies without a CLOSE frame', async () => {
    const { network, server } = await setup();
    const client = createClientConnection(network.connect(), { registry });
    await client.waitForConnection(5000);
    network.sever(client.link);
    expect(await client.waitForClose(5000)).toMatchObject({ code: 'PC_MSG_CONNECTION_LOST', remote: false });
    await server.close();
  });

  it('refuses to send before the connection is active or after it closed', async () => {
    const { network, server } = await setup();
    const client = createClientConnection(network.connect(), { registry });
    expect(() => client.send(Note, 'too early')).toThrowError(/connecting/);
    await client.waitForConnection(5000);
    await client.close();
    expect(() => client.send(Note, 'too late')).toThrowError(/closed/);
    await server.close();
  });

  it('refuses an oversized outgoing payload (maxMessageBytes) before it reaches the wire', async () => {
    const { network, server } = await setup();
    const client = createClientConnection(network.connect(), { registry, limits: { maxMessageBytes: 100 } });
    await client.waitForConnection(5000);
    expect(() => client.send(Note, 'x'.repeat(200))).toThrowError(
      expect.objectContaining({ code: 'PC_MSG_LIMIT_EXCEEDED' }),
    );
    await client.close();
    await server.close();
  });
});
