// Heartbeats, disconnects and bounded close on the simulated link, at exact virtual times.
import { describe, expect, it } from 'vitest';
import { HeartbeatTimeoutError, PeerUnresponsiveError } from '../../src/core/index.ts';
import { SimNetwork } from '../../src/testing/sim-network.ts';
import { Flag, PacketType } from '../../src/wire/constants.ts';
import { ClientDisconnectError, ServerDisconnectError } from '../../src/wire/errors.ts';
import { makeClient, makeServer } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';

function connected(
  serverOptions: Parameters<typeof makeServer>[1] = {},
  clientOptions: Parameters<typeof makeClient>[1] = {},
) {
  const net = new SimNetwork({ seed: 5, conditions: { minDelayMs: 1, maxDelayMs: 1 } });
  const server = makeServer(11, serverOptions);
  const client = makeClient(12, clientOptions);
  net.add(S, server);
  net.add(C, client);
  const sent: { at: number; from: string; bytes: Uint8Array }[] = [];
  net.onSend = (from, _to, bytes) => sent.push({ at: net.now, from, bytes });
  client.connect(net.now, S);
  expect(
    net.runUntil(() => net.eventsOf(C, 'connect').length === 1 && net.eventsOf(S, 'clientJoin').length === 1),
  ).toBe(true);
  const joinedAt = net.events(S).find((e) => e.event.type === 'clientJoin')!.at;
  return { net, server, client, sent, joinedAt };
}

const isPing = (b: Uint8Array) => b[0] === PacketType.HEARTBEAT && b[6] === 0;
const isPong = (b: Uint8Array) => b[0] === PacketType.HEARTBEAT && b[6] === 1;

describe('heartbeat', () => {
  it('pings a peer idle for heartbeatMinMs at exactly that time; the client answers with a pong', () => {
    const { net, sent, joinedAt } = connected({ heartbeatMinMs: 1_000, heartbeatMaxMs: 5_000 });
    net.runUntilTime(joinedAt + 3_500);
    const pings = sent.filter((s) => s.from === S && isPing(s.bytes)).map((s) => s.at);
    const pongs = sent.filter((s) => s.from === C && isPong(s.bytes)).map((s) => s.at);
    expect(pings[0]).toBe(joinedAt + 1_000);
    // Each pong (1 ms later, heard 1 ms after that) restarts the idle clock.
    expect(pings[1]).toBe(joinedAt + 1_000 + 2 + 1_000);
    expect(pongs[0]).toBe(joinedAt + 1_001);
    expect(net.eventsOf(S, 'clientLeave')).toHaveLength(0);
  });

  it('drops a silent peer at exactly heartbeatMaxMs with a HeartbeatTimeoutError, re-pinging every heartbeatMinMs', () => {
    const { net, sent, joinedAt } = connected({ heartbeatMinMs: 1_000, heartbeatMaxMs: 5_000 });
    net.setDown(C, true);
    net.runUntilTime(joinedAt + 10_000);
    const pings = sent.filter((s) => s.from === S && isPing(s.bytes)).map((s) => s.at - joinedAt);
    expect(pings).toEqual([1_000, 2_000, 3_000, 4_000]);
    const leaves = net.events(S).filter((e) => e.event.type === 'clientLeave');
    expect(leaves).toHaveLength(1);
    expect(leaves[0]!.at).toBe(joinedAt + 5_000);
    const leave = leaves[0]!.event as Extract<(typeof leaves)[0]['event'], { type: 'clientLeave' }>;
    expect(leave.reason).toBeInstanceOf(HeartbeatTimeoutError);
    expect(leave.reason.code).toBe('PC_CORE_HEARTBEAT_TIMEOUT');
    expect(leave.reason.wireName).toBe('DISCONNECT/DISCONNECT');
  });

  it('uses the seed defaults: first ping at 30 s, drop at 120 s', () => {
    const { net, sent, joinedAt } = connected();
    net.setDown(C, true);
    net.runUntilTime(joinedAt + 121_000);
    expect(sent.find((s) => s.from === S && isPing(s.bytes))!.at).toBe(joinedAt + 30_000);
    expect(net.events(S).find((e) => e.event.type === 'clientLeave')!.at).toBe(joinedAt + 120_000);
  });
});

describe('disconnects', () => {
  it('client close(): DISCONNECT/CLIENT_DISCONNECT; the server reports clientLeave; the client reports closed', () => {
    const { net, client } = connected();
    client.send(net.now, S, new Uint8Array([1, 2, 3]), Flag.RELIABLE);
    client.close(net.now);
    expect(
      net.runUntil(
        () => net.eventsOf(S, 'clientLeave').length === 1 && net.eventsOf(C, 'closed').length === 1,
      ),
    ).toBe(true);
    // The reliable message was acknowledged before the DISCONNECT went out.
    expect(net.eventsOf(S, 'data')).toHaveLength(1);
    expect(net.eventsOf(S, 'clientLeave')[0]!.reason).toBeInstanceOf(ClientDisconnectError);
    expect(() => client.send(net.now, S, new Uint8Array(1), 0)).toThrow(/not connected/);
  });

  it('server close(): every client gets DISCONNECT/SERVER_DISCONNECT and a disconnect event; the server emits closed', () => {
    const { net, server } = connected();
    server.close(net.now);
    expect(
      net.runUntil(
        () => net.eventsOf(C, 'disconnect').length === 1 && net.eventsOf(S, 'closed').length === 1,
      ),
    ).toBe(true);
    expect(net.eventsOf(C, 'disconnect')[0]!.reason).toBeInstanceOf(ServerDisconnectError);
    expect(net.eventsOf(S, 'clientLeave')[0]!.reason).toBeInstanceOf(ServerDisconnectError);
    expect(server.connectedPeers).toEqual([]);
  });

  it('server close(peer) drops only that peer', () => {
    const { net, server } = connected();
    server.close(net.now, C);
    expect(net.runUntil(() => net.eventsOf(C, 'disconnect').length === 1)).toBe(true);
    expect(net.eventsOf(S, 'closed')).toHaveLength(0);
    expect(net.eventsOf(S, 'clientLeave')).toHaveLength(1);
  });

  it('close() is bounded when the peer is gone: closed after closeTimeoutMs even with unacknowledged messages', () => {
    const { net, client } = connected({}, { closeTimeoutMs: 1_500 });
    net.setDown(S, true);
    for (let i = 0; i < 10; i++) client.send(net.now, S, new Uint8Array(100), Flag.RELIABLE);
    const closeAt = net.now;
    client.close(net.now);
    expect(net.runUntil(() => net.eventsOf(C, 'closed').length === 1)).toBe(true);
    expect(net.events(C).find((e) => e.event.type === 'closed')!.at).toBeLessThanOrEqual(closeAt + 1_500);
    expect(client.pollTimeout()).toBeUndefined();
  });

  it('a peer that stops acknowledging is dropped after maxRetransmissions (PeerUnresponsiveError)', () => {
    const { net, client } = connected({}, { maxRetransmissions: 3 });
    net.setDown(S, true);
    client.send(net.now, S, new Uint8Array(10), Flag.RELIABLE);
    expect(net.runUntil(() => net.eventsOf(C, 'disconnect').length === 1)).toBe(true);
    expect(net.eventsOf(C, 'disconnect')[0]!.reason).toBeInstanceOf(PeerUnresponsiveError);
    expect(client.stats.retransmissions).toBeGreaterThanOrEqual(3);
  });
});
