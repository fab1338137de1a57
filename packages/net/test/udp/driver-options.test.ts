// Driver options and edge cases over loopback: validator timeouts/failures, kicking a peer, IPv6, silent errors.
import { once } from 'node:events';
import { ConnectionMinor, DisconnectMinor, ErrorMajor } from '@paperclip/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { CertificateValidator } from '../../src/certs/validators.ts';
import { Server } from '../../src/udp/server.ts';
import { Resources, startRelay } from './support/harness.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

const certificateInvalid = { major: ErrorMajor.CONNECTION, minor: ConnectionMinor.CERTIFICATE_INVALID };

describe('UDP driver options', () => {
  it('refuses the client when the validator does not answer within validationTimeoutMs', async () => {
    const never: CertificateValidator = () => new Promise(() => {});
    const { server, address } = await resources.server({ validator: never, validationTimeoutMs: 200 });
    await expect(resources.client().connect(address)).rejects.toMatchObject(certificateInvalid);
    expect(server.stats.validationFailures).toBe(1);
  });

  it('refuses the client when the validator throws or rejects', async () => {
    const throwing: CertificateValidator = () => {
      throw new Error('validator bug');
    };
    const rejecting: CertificateValidator = async () => {
      throw new Error('platform down');
    };
    for (const validator of [throwing, rejecting]) {
      const { server, address } = await resources.server({ validator });
      await expect(resources.client().connect(address)).rejects.toMatchObject(certificateInvalid);
      expect(server.stats.validationFailures).toBe(1);
    }
  });

  it('server.disconnect(peer) ends that client with SERVER_DISCONNECT and keeps the others', async () => {
    const { server, address } = await resources.server();
    const kicked = resources.client();
    const kept = resources.client();
    const joins: string[] = [];
    server.on('clientJoin', (peer) => joins.push(peer));
    await kicked.connect(address);
    await kept.connect(address);
    while (joins.length < 2) await once(server, 'clientJoin');
    const kickedPeer = `127.0.0.1:${kicked.address!.port}`;
    const left = once(server, 'clientLeave');
    const disconnected = once(kicked, 'disconnect');
    server.disconnect(kickedPeer);
    const [[peer, , leaveReason], [reason]] = await Promise.all([left, disconnected]);
    expect(peer).toBe(kickedPeer);
    expect(leaveReason).toMatchObject({
      major: ErrorMajor.DISCONNECT,
      minor: DisconnectMinor.SERVER_DISCONNECT,
    });
    expect(reason).toMatchObject({ major: ErrorMajor.DISCONNECT, minor: DisconnectMinor.SERVER_DISCONNECT });
    expect([...server.clients.keys()]).toEqual([`127.0.0.1:${kept.address!.port}`]);
    expect(kept.connected).toBe(true);
  });

  it('works over IPv6 loopback with bracketed addresses', async () => {
    const { Server } = await import('../../src/udp/server.ts');
    const { acceptAnyCertificate } = await import('../../src/certs/validators.ts');
    const server = new Server({ validator: acceptAnyCertificate });
    resources.add(() => server.close());
    const { port } = await server.listen(0, '::1');
    server.on('data', (peer, data, flags) => server.send(peer, data, flags));
    const client = resources.client();
    const joined = once(server, 'clientJoin');
    await client.connect(`[::1]:${port}`);
    expect((await joined)[0]).toBe(`[::1]:${client.address!.port}`);
    const echoed = once(client, 'data');
    client.send(Uint8Array.of(6, 6, 6), 'RELIABLE,ENCRYPTED');
    expect((await echoed)[1]).toEqual(Uint8Array.of(6, 6, 6));
  });

  it('counts malformed datagrams without an error listener and without throwing', async () => {
    const { server, address } = await resources.server();
    expect(server.listenerCount('error')).toBe(0);
    const client = resources.client();
    await client.connect(address);
    const raw = await resources.rawSocket();
    const port = Number(address.split(':')[1]);
    for (let i = 0; i < 20; i++) raw.send(Uint8Array.of(0x0f, i), port, '127.0.0.1');
    // A full round trip after the garbage proves the server processed it and is still serving.
    server.on('data', (peer, data, flags) => server.send(peer, data, flags));
    const echoed = once(client, 'data');
    client.send(Uint8Array.of(1), 'RELIABLE');
    await echoed;
    expect(server.stats.datagramsIn).toBeGreaterThanOrEqual(20);
  });

  it('rejects send() before connect and after close with a DriverStateError', async () => {
    const client = resources.client();
    expect(() => client.send(Uint8Array.of(1))).toThrow(/not connected/);
    const { address } = await resources.server();
    await client.connect(address);
    await client.close();
    expect(() => client.send(Uint8Array.of(1))).toThrow(/not connected/);
    await expect(client.connect(address)).rejects.toThrow(/already connected once/);
  });

  it('client.close() resolves within its bound when the server never acknowledges', async () => {
    const { server, address } = await resources.server();
    const relay = await startRelay(resources, address);
    const client = resources.client({ closeTimeoutMs: 300 });
    const joined = once(server, 'clientJoin');
    await client.connect(relay.address);
    await joined;
    client.send(Uint8Array.of(1, 2, 3), 'RELIABLE');
    relay.cut();
    const closed = once(client, 'close');
    await client.close();
    await closed;
    expect(client.connected).toBe(false);
    expect(client.address).toBeUndefined();
  });

  it('close() before listen or connect resolves at once', async () => {
    await expect(new Server().close()).resolves.toBeUndefined();
    await expect(resources.client().close()).resolves.toBeUndefined();
  });
});

describe('closing a client while it connects', () => {
  it('rejects connect() and leaves nothing open', async () => {
    const { address } = await resources.server();
    const client = resources.client();
    const connecting = client.connect(address);
    const closing = client.close();
    await expect(connecting).rejects.toThrow(/closed before the handshake completed/);
    await closing;
    expect(client.address).toBeUndefined();
    expect(client.connected).toBe(false);
  });
});

describe('closing a server while it starts', () => {
  it('rejects listen() and never binds', async () => {
    const server = new Server();
    const listening = server.listen(0, '127.0.0.1');
    await server.close();
    await expect(listening).rejects.toThrow(/closed before it was listening/);
    expect(server.address).toBeUndefined();
    await expect(server.listen(0, '127.0.0.1')).rejects.toThrow(/already listening/);
  });
});
