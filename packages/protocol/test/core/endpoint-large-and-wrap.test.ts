// Large FRAG+ENCRYPTED messages under loss, the 1024-byte path MTU, and the 16-bit sequence wrap end to end.
import { describe, expect, it } from 'vitest';
import { type LinkConditions, SimNetwork } from '../../src/testing/sim-network.ts';
import { Flag } from '../../src/wire/constants.ts';
import { indexOfPayload, makeClient, makeServer, payloadFor } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';

function pair(seed: number, conditions: LinkConditions) {
  const net = new SimNetwork({ seed, conditions });
  const server = makeServer(seed + 100);
  const client = makeClient(seed + 200);
  net.add(S, server);
  net.add(C, client);
  client.connect(net.now, S);
  expect(
    net.runUntil(
      () => net.eventsOf(C, 'connect').length === 1 && net.eventsOf(S, 'clientJoin').length === 1,
      120_000,
    ),
  ).toBe(true);
  return { net, server, client };
}

describe('large messages', () => {
  it('5000-byte and 200 kB RELIABLE|ENCRYPTED messages arrive intact under 20% loss, fragments within a 1024-byte MTU', () => {
    const { net, server, client } = pair(1, {
      lossRate: 0.2,
      duplicateRate: 0.05,
      reorderRate: 0.1,
      minDelayMs: 5,
      maxDelayMs: 20,
      mtu: 1024,
    });
    const sizes = [5_000, 5_000, 200_000, 12_345, 1];
    sizes.forEach((size, i) => {
      client.send(net.now, S, payloadFor(i, size), Flag.RELIABLE | Flag.ENCRYPTED);
    });
    server.send(net.now, C, payloadFor(99, 5_000), Flag.ENCRYPTED | Flag.FRAG | Flag.RELIABLE);
    expect(
      net.runUntil(
        () => net.eventsOf(S, 'data').length === sizes.length && net.eventsOf(C, 'data').length === 1,
        600_000,
      ),
    ).toBe(true);
    net.runUntilTime(net.now + 20_000);
    const received = net.eventsOf(S, 'data');
    expect(received.map((e) => indexOfPayload(e.data)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect(received.find((e) => e.data.length === 200_000)!.flags & Flag.FRAG).toBe(Flag.FRAG);
    expect(indexOfPayload(net.eventsOf(C, 'data')[0]!.data)).toBe(99);
    expect(net.stats.tooBig).toBe(0);
  });

  it('an unreliable FRAG message is delivered whole or not at all', () => {
    const { net, server, client } = pair(2, { lossRate: 0.3, minDelayMs: 2, maxDelayMs: 4 });
    for (let i = 0; i < 30; i++) client.send(net.now, S, payloadFor(i, 3_000), Flag.ENCRYPTED);
    net.runUntilTime(net.now + 15_000);
    const got = net.eventsOf(S, 'data');
    expect(got.every((e) => indexOfPayload(e.data) >= 0 && e.data.length === 3_000)).toBe(true);
    expect(new Set(got.map((e) => indexOfPayload(e.data))).size).toBe(got.length);
    expect(got.length).toBeLessThan(30);
    expect(server.stats.malformedByMinor).toEqual({});
  });
});

describe('sequence wrap-around', () => {
  it('70 000 messages (sequence ids wrap past 65535): every RELIABLE one once, no false duplicates', () => {
    const { net, server, client } = pair(3, {
      lossRate: 0.02,
      duplicateRate: 0.02,
      minDelayMs: 1,
      maxDelayMs: 3,
    });
    const total = 70_000;
    let reliableSent = 0;
    let delivered = 0;
    const seen = new Uint8Array(total);
    let duplicates = 0;
    let corrupt = 0;
    const drain = () => {
      const events = net.eventsOf(S, 'data');
      for (; delivered < events.length; delivered++) {
        const index = indexOfPayload(events[delivered]!.data);
        if (index < 0) corrupt++;
        else {
          if (seen[index]! > 0) duplicates++;
          seen[index] = 1;
        }
      }
    };
    for (let i = 0; i < total; i += 500) {
      for (let j = i; j < i + 500; j++) {
        const reliable = j % 2 === 0;
        if (reliable) reliableSent++;
        client.send(net.now, S, payloadFor(j, 12), reliable ? Flag.RELIABLE : 0);
      }
      net.runUntilTime(net.now + 200);
      drain();
    }
    const allReliableIn = () => {
      drain();
      return seen.filter((n, k) => k % 2 === 0 && n > 0).length === reliableSent;
    };
    expect(net.runUntil(allReliableIn, 600_000)).toBe(true);
    expect(duplicates).toBe(0);
    expect(corrupt).toBe(0);
    // Both sequence counters went around: the client sent > 65 536 datagrams and the server acked them.
    expect(client.stats.datagramsOut).toBeGreaterThan(65_536);
    expect(server.stats.duplicatesSuppressed).toBeGreaterThan(0);
  });
});
