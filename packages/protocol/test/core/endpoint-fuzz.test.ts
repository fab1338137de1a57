// Fuzzed datagrams into live endpoints: nothing throws, nothing internal breaks, the connection keeps working.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimNetwork } from '../../src/testing/sim-network.ts';
import { Flag } from '../../src/wire/constants.ts';
import { makeClient, makeServer } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';

function connectedPair() {
  const net = new SimNetwork({ seed: 11, conditions: { minDelayMs: 1, maxDelayMs: 2 } });
  const server = makeServer(1);
  const client = makeClient(2);
  net.add(S, server);
  net.add(C, client);
  const captured: Uint8Array[] = [];
  net.onSend = (_from, _to, bytes) => captured.push(bytes.slice());
  client.connect(net.now, S);
  expect(
    net.runUntil(() => net.eventsOf(S, 'clientJoin').length === 1 && net.eventsOf(C, 'connect').length === 1),
  ).toBe(true);
  client.send(
    net.now,
    S,
    new Uint8Array(3000).fill(1),
    Flag.RELIABLE | Flag.ENCRYPTED | Flag.CHECKSUM | Flag.COMPRESSED,
  );
  server.send(net.now, C, new Uint8Array(40).fill(2), Flag.RELIABLE);
  net.runUntilTime(net.now + 500);
  return { net, server, client, captured };
}

/** Datagrams that end a connection by design (ERROR CONNECTION/DISCONNECT) are not fuzz failures. */
const endsConnection = (bytes: Uint8Array) =>
  bytes[0] === 0x04 && bytes.length >= 7 && (bytes[6]! >> 4 === 1 || bytes[6]! >> 4 === 2);

const internalErrors = (net: SimNetwork, at: string) =>
  net.eventsOf(at, 'error').filter((e) => e.error.message.startsWith('Internal error'));

describe('fuzzed datagrams into live endpoints', () => {
  it('random bytes and mutated real datagrams never throw and never break the connection', () => {
    const { net, server, client, captured } = connectedPair();
    const mutated = fc
      .tuple(
        fc.constantFrom(...captured),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
      )
      .map(([base, edits, cut]) => {
        const bytes = base.slice(0, base.length === 0 ? 0 : Math.max(1, cut % (base.length + 1)));
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        return bytes;
      });
    const anyBytes = fc.uint8Array({ maxLength: 1200 });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(mutated, anyBytes), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (datagrams, toServer) => {
          for (const datagram of datagrams) {
            if (endsConnection(datagram)) continue;
            const target = toServer ? server : client;
            expect(() => target.handleDatagram(net.now, toServer ? C : S, datagram)).not.toThrow();
            expect(() => target.handleDatagram(net.now, '203.0.113.9:1', datagram)).not.toThrow();
          }
          net.runUntilTime(net.now + 5);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
    expect(internalErrors(net, S)).toEqual([]);
    expect(internalErrors(net, C)).toEqual([]);
    const before = net.eventsOf(S, 'data').length;
    client.send(net.now, S, new Uint8Array([1, 2, 3]), Flag.RELIABLE | Flag.ENCRYPTED);
    expect(net.runUntil(() => net.eventsOf(S, 'data').length > before, 30_000)).toBe(true);
    expect(server.connectedPeers).toEqual([C]);
  });

  it('hostile AUTHs (garbage keys, missing certificates) from strangers fail cleanly', () => {
    const { net, server } = connectedPair();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 130 }),
        fc.option(fc.uint8Array({ maxLength: 300 })),
        fc.nat(),
        (key, cert, port) => {
          const keyPart = [key.length, ...key];
          const certPart = cert === null ? [] : [cert.length >> 8, cert.length & 0xff, ...cert];
          const datagram = Uint8Array.from([0x02, 0, 0, 0, 0, 0, ...keyPart, ...certPart]);
          expect(() =>
            server.handleDatagram(net.now, `198.51.100.7:${port % 65536}`, datagram),
          ).not.toThrow();
          net.runUntilTime(net.now + 2);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
    expect(internalErrors(net, S)).toEqual([]);
    net.runUntilTime(net.now + 20_000);
    expect(server.halfOpenCount).toBe(0);
    expect(server.connectedPeers).toEqual([C]);
  });
});
