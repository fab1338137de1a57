// Server and Client over real 127.0.0.1 sockets: handshake, echo per flag set, FRAG, limits, refusals, disconnects.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConnectionMinor,
  DisconnectMinor,
  ErrorMajor,
  Flag,
  HeartbeatTimeoutError,
} from '@paperclip/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCertificate } from '../../src/certs/generate-certificate.ts';
import { acceptAnyCertificate, httpCertificateValidator } from '../../src/certs/validators.ts';
import { Server } from '../../src/udp/server.ts';
import { AddressInUseError, ServerUnreachableError } from '../../src/udp/udp-errors.ts';
import { Resources, refuseAll, startRelay } from './support/harness.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

function echo(server: Server): void {
  server.on('data', (peer, data, flags) => server.send(peer, data, flags));
}

function bytes(length: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

describe('UDP Server and Client on loopback', () => {
  it('complete the v0 handshake and report connect / clientJoin with the account id', async () => {
    const { server, address } = await resources.server();
    const client = resources.client({ accountId: 77, username: 'mario' });
    const joined = once(server, 'clientJoin');
    const connected = once(client, 'connect');
    await client.connect(address);
    expect(await connected).toEqual([address]);
    const [peer, accountId] = await joined;
    expect(accountId).toBe(77);
    expect(peer).toBe(`${client.address!.host}:${client.address!.port}`);
    expect(server.clients.get(peer)).toBe(77);
    expect(client.connected).toBe(true);
  });

  const flagSets = {
    none: 0,
    RELIABLE: Flag.RELIABLE,
    CHECKSUM: Flag.CHECKSUM,
    ENCRYPTED: Flag.ENCRYPTED,
    'RELIABLE+ENCRYPTED': Flag.RELIABLE | Flag.ENCRYPTED,
    'RELIABLE+COMPRESSED+CHECKSUM': Flag.RELIABLE | Flag.COMPRESSED | Flag.CHECKSUM,
    'RELIABLE+CHECKSUM+COMPRESSED+ENCRYPTED':
      Flag.RELIABLE | Flag.CHECKSUM | Flag.COMPRESSED | Flag.ENCRYPTED,
  };
  for (const [name, flags] of Object.entries(flagSets)) {
    it(`echo a message with ${name}`, async () => {
      const { server, address } = await resources.server();
      echo(server);
      const client = resources.client();
      await client.connect(address);
      const payload = bytes(200, flags);
      const echoed = once(client, 'data');
      client.send(payload, flags);
      const [, data, receivedFlags] = await echoed;
      expect(data).toEqual(payload);
      expect(receivedFlags & ~Flag.FRAG).toBe(flags);
    });
  }

  it('fragments a large message automatically (FRAG) and echoes it intact, encrypted', async () => {
    const { server, address } = await resources.server();
    echo(server);
    const client = resources.client();
    await client.connect(address);
    const payload = bytes(100_000, 7);
    const echoed = once(client, 'data');
    client.send(payload, 'RELIABLE,ENCRYPTED');
    const [, data, flags] = await echoed;
    expect(data).toEqual(payload);
    expect(flags & Flag.ENCRYPTED).toBe(Flag.ENCRYPTED);
    expect(server.stats.messagesDelivered).toBe(1);
  });

  it('delivers many RELIABLE messages exactly once each', async () => {
    const { server, address } = await resources.server();
    echo(server);
    const client = resources.client();
    await client.connect(address);
    const count = 500;
    const seen = new Map<number, number>();
    const all = new Promise<void>((resolve) => {
      client.on('data', (_peer, data) => {
        const index = data[0]! | (data[1]! << 8);
        seen.set(index, (seen.get(index) ?? 0) + 1);
        if (seen.size === count) resolve();
      });
    });
    for (let i = 0; i < count; i++) client.send(Uint8Array.of(i & 0xff, i >> 8, 1, 2, 3), Flag.RELIABLE);
    await all;
    expect([...seen.values()].every((times) => times === 1)).toBe(true);
  });

  it('refuses client maxClients+1 with CONNECTION/NO_SPACE', async () => {
    const { address } = await resources.server({ maxClients: 2 });
    await resources.client().connect(address);
    await resources.client().connect(address);
    await expect(resources.client().connect(address)).rejects.toMatchObject({
      major: ErrorMajor.CONNECTION,
      minor: ConnectionMinor.NO_SPACE,
    });
  });

  it('refuses a client whose certificate the validator rejects (CONNECTION/CERTIFICATE_INVALID)', async () => {
    const validator = refuseAll();
    const { server, address } = await resources.server({ validator });
    let joins = 0;
    server.on('clientJoin', () => joins++);
    await expect(resources.client().connect(address)).rejects.toMatchObject({
      major: ErrorMajor.CONNECTION,
      minor: ConnectionMinor.CERTIFICATE_INVALID,
    });
    expect(validator.calls).toBe(1);
    expect(joins).toBe(0);
  });

  it("fails connect when the client's validator refuses the server certificate", async () => {
    const { address } = await resources.server();
    await expect(resources.client({ validator: refuseAll() }).connect(address)).rejects.toMatchObject({
      major: ErrorMajor.CONNECTION,
      minor: ConnectionMinor.CERTIFICATE_INVALID,
    });
  });

  it('uses the HTTP validator (seed request format) and reports its account-id, parsed', async () => {
    const http = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end(JSON.stringify({ valid: true, 'account-id': '31' })));
    });
    resources.add(() => new Promise((resolve) => http.close(resolve)));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const { server, address } = await resources.server({ validator: httpCertificateValidator(base) });
    const joined = once(server, 'clientJoin');
    await resources.client({ validator: httpCertificateValidator(base) }).connect(address);
    // The seed's platform answers the id as text; the transport reports it as an AccountId.
    expect((await joined)[1]).toBe(31);
  });

  it('reports clientLeave with DISCONNECT/CLIENT_DISCONNECT when the client closes', async () => {
    const { server, address } = await resources.server();
    const client = resources.client({ accountId: 5 });
    await client.connect(address);
    const clientPeer = `127.0.0.1:${client.address!.port}`;
    const left = once(server, 'clientLeave');
    await client.close();
    const [peer, accountId, reason] = await left;
    expect(peer).toBe(clientPeer);
    expect(accountId).toBe(5);
    expect(reason).toMatchObject({ major: ErrorMajor.DISCONNECT, minor: DisconnectMinor.CLIENT_DISCONNECT });
    expect(server.clients.size).toBe(0);
  });

  it('tells every client DISCONNECT/SERVER_DISCONNECT when the server closes', async () => {
    const { server, address } = await resources.server();
    const clients = [resources.client(), resources.client()];
    for (const client of clients) await client.connect(address);
    const disconnects = clients.map((client) => once(client, 'disconnect'));
    await server.close();
    for (const [reason] of await Promise.all(disconnects)) {
      expect(reason).toMatchObject({
        major: ErrorMajor.DISCONNECT,
        minor: DisconnectMinor.SERVER_DISCONNECT,
      });
    }
    expect(clients.every((client) => !client.connected)).toBe(true);
  });

  it('survives garbage datagrams and keeps serving', async () => {
    const { server, address } = await resources.server();
    echo(server);
    const errors: unknown[] = [];
    server.on('error', (error) => errors.push(error));
    const raw = await resources.rawSocket();
    const port = Number(address.split(':')[1]);
    const garbage = [
      new Uint8Array(0),
      Uint8Array.of(0x0f),
      Uint8Array.of(0x05, 0, 0, 0, 0, 1),
      Uint8Array.of(0x02, 0x00, 0, 0, 0, 1, 200, 1, 2),
      bytes(1500, 3),
      ...Array.from({ length: 50 }, (_, i) => bytes(1 + ((i * 37) % 600), i)),
    ];
    for (const datagram of garbage) raw.send(datagram, port, '127.0.0.1');
    const client = resources.client();
    await client.connect(address);
    const echoed = once(client, 'data');
    client.send(Uint8Array.of(1, 2, 3), 'RELIABLE,ENCRYPTED');
    expect((await echoed)[1]).toEqual(Uint8Array.of(1, 2, 3));
    const stats = server.stats;
    expect(stats.datagramsIn).toBeGreaterThanOrEqual(garbage.length);
    expect(
      Object.values(stats.malformedByMinor).reduce((a, b) => a + b, 0) + stats.droppedUnexpected,
    ).toBeGreaterThan(0);
  });

  it('drops a client that goes silent after heartbeatMaxMs (the driver timer fires)', async () => {
    const { server, address } = await resources.server({ heartbeatMinMs: 100, heartbeatMaxMs: 300 });
    const relay = await startRelay(resources, address);
    const joined = once(server, 'clientJoin');
    await resources.client().connect(relay.address);
    await joined;
    const left = once(server, 'clientLeave');
    relay.cut();
    const [, , reason] = await left;
    expect(reason).toBeInstanceOf(HeartbeatTimeoutError);
    expect(server.clients.size).toBe(0);
  });

  it('closes within its bound when the peer never acknowledges', async () => {
    const { server, address } = await resources.server({ closeTimeoutMs: 300 });
    const relay = await startRelay(resources, address);
    const joined = once(server, 'clientJoin');
    await resources.client().connect(relay.address);
    await joined;
    relay.cut();
    const closed = once(server, 'close');
    await server.close();
    await closed;
    expect(server.address).toBeUndefined();
  });

  it('reports a port already in use as AddressInUseError with a sentence', async () => {
    const { address } = await resources.server();
    const port = Number(address.split(':')[1]);
    const other = new Server({
      certificate: (await generateCertificate()).der,
      validator: acceptAnyCertificate,
    });
    resources.add(() => other.close());
    await expect(other.listen(port, '127.0.0.1')).rejects.toThrow(AddressInUseError);
    await expect(other.close()).resolves.toBeUndefined();
  });

  it('fails fast with ServerUnreachableError when nothing listens on the port', async () => {
    const raw = await resources.rawSocket();
    const closedPort = raw.address().port;
    await new Promise<void>((resolve) => raw.close(() => resolve()));
    await expect(resources.client().connect(`127.0.0.1:${closedPort}`)).rejects.toThrow(
      ServerUnreachableError,
    );
  });
});
