// Delivery guarantees under 20% loss, 5% duplication and reordering on the simulated link.
import { describe, expect, it } from 'vitest';
import { type LinkConditions, SimNetwork } from '../../src/testing/sim-network.ts';
import { Flag } from '../../src/wire/constants.ts';
import { indexOfPayload, makeClient, makeServer, payloadFor } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';
const LOSSY: LinkConditions = {
  lossRate: 0.2,
  duplicateRate: 0.05,
  reorderRate: 0.1,
  reorderDelayMs: 30,
  minDelayMs: 5,
  maxDelayMs: 25,
};

function connectedPair(seed: number, conditions: LinkConditions) {
  const net = new SimNetwork({ seed, conditions });
  const server = makeServer(seed * 10 + 1);
  const client = makeClient(seed * 10 + 2);
  net.add(S, server);
  net.add(C, client);
  client.connect(net.now, S);
  const ok = net.runUntil(
    () => net.eventsOf(C, 'connect').length > 0 && net.eventsOf(S, 'clientJoin').length > 0,
    120_000,
  );
  return { net, server, client, ok };
}

/** Counts deliveries per message index, checking every payload byte. */
function deliveries(net: SimNetwork, at: string, flagMask: number, flagValue: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const event of net.eventsOf(at, 'data')) {
    if ((event.flags & flagMask) !== flagValue) continue;
    const index = indexOfPayload(event.data);
    expect(index).toBeGreaterThanOrEqual(0);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return counts;
}

describe('reliability on a lossy link (20% loss, 5% duplication, reordering)', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: handshake completes, every RELIABLE message arrives exactly once, unreliable at most once`, () => {
      const { net, server, client, ok } = connectedPair(seed, LOSSY);
      expect(ok).toBe(true);
      const count = 400;
      for (let i = 0; i < count; i++) {
        client.send(net.now, S, payloadFor(i, 48), Flag.RELIABLE | (i % 3 === 0 ? Flag.ENCRYPTED : 0));
        client.send(net.now, S, payloadFor(100_000 + i, 40), 0);
        server.send(net.now, C, payloadFor(i, 64), Flag.RELIABLE | Flag.CHECKSUM | Flag.COMPRESSED);
      }
      const done = () =>
        net.events(S).length >= count &&
        net.events(C).length >= count &&
        deliveries(net, S, Flag.RELIABLE, Flag.RELIABLE).size === count &&
        deliveries(net, C, Flag.RELIABLE, Flag.RELIABLE).size === count;
      expect(net.runUntil(done, 600_000)).toBe(true);
      // Let retransmissions and late duplicates drain, then check nothing arrived twice.
      net.runUntilTime(net.now + 30_000);
      for (const at of [S, C]) {
        const reliable = deliveries(net, at, Flag.RELIABLE, Flag.RELIABLE);
        expect([...reliable.values()].every((n) => n === 1)).toBe(true);
        for (let i = 0; i < count; i++) expect(reliable.get(i)).toBe(1);
      }
      const unreliable = deliveries(net, S, Flag.RELIABLE, 0);
      expect([...unreliable.values()].every((n) => n === 1)).toBe(true);
      expect(unreliable.size).toBeGreaterThan(count * 0.6);
      expect(unreliable.size).toBeLessThanOrEqual(count);
      expect(net.stats.lost).toBeGreaterThan(0);
      expect(net.stats.duplicated).toBeGreaterThan(0);
      expect(client.stats.retransmissions + server.stats.retransmissions).toBeGreaterThan(0);
      expect(client.stats.duplicatesSuppressed + server.stats.duplicatesSuppressed).toBeGreaterThan(0);
      expect(client.connectedPeers).toEqual([S]);
      expect(server.connectedPeers).toEqual([C]);
    });
  }
});
