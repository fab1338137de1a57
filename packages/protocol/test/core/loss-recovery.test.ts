// Loss recovery in virtual time: no spurious resends on a clean link, backoff kept for late ACKs, fast retransmit.
import { describe, expect, it } from 'vitest';
import { type LinkConditions, SimNetwork } from '../../src/testing/sim-network.ts';
import { Flag, PacketType } from '../../src/wire/constants.ts';
import { indexOfPayload, makeClient, makeServer, payloadFor } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';

function connectedPair(conditions: LinkConditions, clientOptions: Parameters<typeof makeClient>[1] = {}) {
  const net = new SimNetwork({ seed: 21, conditions });
  const server = makeServer(31);
  const client = makeClient(32, clientOptions);
  net.add(S, server);
  net.add(C, client);
  client.connect(net.now, S);
  expect(
    net.runUntil(() => net.eventsOf(C, 'connect').length === 1 && net.eventsOf(S, 'clientJoin').length === 1),
  ).toBe(true);
  net.runUntilTime(net.now + 100); // let the client's Finished resend timer settle
  return { net, server, client };
}

/** Index of an unencrypted client DEFAULT datagram carrying payloadFor(index), or -1. */
function dataIndex(datagram: Uint8Array): number {
  if (datagram[0] !== PacketType.DEFAULT || datagram[1] !== Flag.RELIABLE) return -1;
  return indexOfPayload(datagram.subarray(6));
}

/** Virtual time at which the server delivered each message index (first delivery; duplicates would fail). */
function deliveredAt(net: SimNetwork): Map<number, number> {
  const times = new Map<number, number>();
  for (const { at, event } of net.events(S)) {
    if (event.type !== 'data') continue;
    const index = indexOfPayload(event.data);
    expect(times.has(index)).toBe(false);
    times.set(index, at);
  }
  return times;
}

/** Sends `count` RELIABLE messages, one every `spacingMs`, recording each send time. */
function stream(net: SimNetwork, client: ReturnType<typeof makeClient>, count: number, spacingMs: number) {
  const sentAt: number[] = [];
  for (let i = 0; i < count; i++) {
    net.runUntilTime(net.now + spacingMs);
    sentAt.push(net.now);
    client.send(net.now, S, payloadFor(i), Flag.RELIABLE);
  }
  expect(net.runUntil(() => deliveredAt(net).size === count, 120_000)).toBe(true);
  net.runUntilTime(net.now + 30_000); // late resends and duplicates would show up here
  return sentAt;
}

describe('loss recovery', () => {
  it('sends nothing twice on a clean link, even with 256 messages in flight', () => {
    const { net, client } = connectedPair({ minDelayMs: 10, maxDelayMs: 10 });
    for (let burst = 0; burst < 20; burst++) {
      for (let i = 0; i < 100; i++) client.send(net.now, S, payloadFor(burst * 100 + i), Flag.RELIABLE);
      net.runUntilTime(net.now + 5);
    }
    expect(net.runUntil(() => deliveredAt(net).size === 2000)).toBe(true);
    net.runUntilTime(net.now + 30_000);
    expect(client.stats.retransmissions).toBe(0);
    expect(client.stats.fastRetransmissions).toBe(0);
  });

  it('keeps the backed-off RTO for a peer whose ACKs take longer than the initial RTO: one resend, not one per message', () => {
    // RTT 1.2 s > the 1 s initial RTO, as against the seed (its ACKs wait behind its 0.1 s-paced queue).
    // Before the backed-off RTO was applied to everything in flight, the first 20 messages here were each
    // resent once (every deadline was its own send time + 1 s: 20 duplicates at the peer); now only one is.
    const { net, client, server } = connectedPair({ minDelayMs: 600, maxDelayMs: 600 });
    const sends = new Map<number, number>(); // message index -> datagrams sent for it
    net.onSend = (from, _to, datagram) => {
      const index = from === C ? dataIndex(datagram) : -1;
      if (index >= 0) sends.set(index, (sends.get(index) ?? 0) + 1);
    };
    const sentAt = stream(net, client, 60, 50);
    expect(sentAt).toHaveLength(60);
    // (client.stats.retransmissions also counts the handshake's own resends on this slow link.)
    const resent = [...sends].filter(([, count]) => count > 1).map(([index]) => index);
    expect(resent).toEqual([0]);
    expect(client.stats.fastRetransmissions).toBe(0); // in-order ACKs, one per packet: never a skip
    expect(server.stats.duplicatesSuppressed).toBe(1);
    expect(client.smoothedRtt(S)).toBeCloseTo(1200, 0);
  });

  it('resends a single lost message after two later ACKs, before its RTO would fire', () => {
    const run = (fastRetransmitAcks: number) => {
      const { net, client } = connectedPair({ minDelayMs: 10, maxDelayMs: 10 }, { fastRetransmitAcks });
      let dropped = false;
      net.dropIf = (from, _to, datagram) => {
        if (dropped || from !== C || dataIndex(datagram) !== 20) return false;
        dropped = true;
        return true;
      };
      const sentAt = stream(net, client, 40, 2);
      return { lostDeliveredAfter: deliveredAt(net).get(20)! - sentAt[20]!, stats: client.stats };
    };
    const fast = run(2);
    expect(fast.stats.fastRetransmissions).toBe(1);
    expect(fast.stats.retransmissions).toBe(1);
    // Messages 21 and 22 are acknowledged 20 ms after message 20 was sent, +2 and +4 ms: resent at +24, in by +34.
    expect(fast.lostDeliveredAfter).toBe(34);
    const timerOnly = run(0);
    expect(timerOnly.stats.fastRetransmissions).toBe(0);
    expect(timerOnly.stats.retransmissions).toBe(1);
    // The timer path: RTO = max(30 ms floor, SRTT 20 + 10) after the send, then 10 ms on the wire.
    expect(timerOnly.lostDeliveredAfter).toBe(40);
    expect(fast.lostDeliveredAfter).toBeLessThan(timerOnly.lostDeliveredAfter);
  });

  it('fast-retransmits a message once at most; if that copy is lost too, the timer takes over', () => {
    const { net, client } = connectedPair({ minDelayMs: 10, maxDelayMs: 10 });
    let drops = 0;
    net.dropIf = (from, _to, datagram) => {
      if (drops >= 2 || from !== C || dataIndex(datagram) !== 20) return false;
      drops++;
      return true;
    };
    stream(net, client, 60, 2);
    expect(drops).toBe(2);
    expect(client.stats.fastRetransmissions).toBe(1);
    expect(client.stats.retransmissions).toBe(2);
  });
});
