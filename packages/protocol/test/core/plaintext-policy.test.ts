// Finding 5 of issue 14: a spoofed plaintext DEFAULT must not reach an encrypted session (sans-IO, SimNetwork).
import { describe, expect, it } from 'vitest';
import type { EndpointOptions } from '../../src/core/index.ts';
import { SimNetwork } from '../../src/testing/sim-network.ts';
import { encodePacket } from '../../src/wire/codec-v0.ts';
import { Flag, PacketType } from '../../src/wire/constants.ts';
import { indexOfPayload, makeClient, makeServer, payloadFor } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';

type Policy = EndpointOptions['plaintextPolicy'];

function connectedPair(plaintextPolicy: Policy) {
  const net = new SimNetwork({ seed: 5 });
  const server = makeServer(51, plaintextPolicy === undefined ? {} : { plaintextPolicy });
  const client = makeClient(52);
  net.add(S, server);
  net.add(C, client);
  let lastClientSequence = 0;
  net.onSend = (from, _to, datagram) => {
    if (from === C) lastClientSequence = (datagram[4]! << 8) | datagram[5]!;
  };
  client.connect(net.now, S);
  net.flush();
  const ok = net.runUntil(() => net.eventsOf(S, 'clientJoin').length > 0, 60_000);
  expect(ok).toBe(true);
  return { net, server, client, lastSequence: () => lastClientSequence };
}

/** A hand-made unencrypted DEFAULT, as an attacker without the key would forge it. */
function forged(sequenceId: number, flags: number, index: number): Uint8Array {
  return encodePacket({
    type: PacketType.DEFAULT,
    version: 0,
    flags,
    sequenceId,
    data: payloadFor(index),
  });
}

function deliveredIndexes(net: SimNetwork): number[] {
  return net.eventsOf(S, 'data').map((event) => indexOfPayload(event.data));
}

describe('finding 5: an encrypted session refuses plaintext (core)', () => {
  it("plaintextPolicy 'refuse': forged plaintext never reaches the application, the peer's own messages still do", () => {
    const { net, server, client, lastSequence } = connectedPair('refuse');
    client.send(net.now, S, payloadFor(1), Flag.RELIABLE | Flag.ENCRYPTED);
    net.flush();
    net.runUntil(() => deliveredIndexes(net).includes(1));
    // Guess the next 41 sequence ids the client will use, for every delivery flag mix.
    const next = lastSequence() + 1;
    for (let i = 0; i < 41; i++) {
      net.inject(C, S, forged(next + i, Flag.RELIABLE, 900 + i));
      net.inject(C, S, forged(next + 100 + i, 0, 950 + i));
    }
    net.runUntil(() => false, 1_000);
    expect(deliveredIndexes(net).filter((index) => index >= 900)).toEqual([]);
    expect(server.stats.plaintextDropped).toBe(82);
    // The forged datagrams took no sequence id: the client's next messages (those very ids) arrive.
    for (let i = 2; i < 12; i++) client.send(net.now, S, payloadFor(i), Flag.RELIABLE | Flag.ENCRYPTED);
    net.flush();
    expect(net.runUntil(() => deliveredIndexes(net).length === 11, 60_000)).toBe(true);
    expect(deliveredIndexes(net)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("plaintextPolicy 'refuseAfterEncrypted': plaintext is taken until the first encrypted message, not after", () => {
    const { net, server, client, lastSequence } = connectedPair('refuseAfterEncrypted');
    client.send(net.now, S, payloadFor(1), Flag.RELIABLE);
    net.flush();
    expect(net.runUntil(() => deliveredIndexes(net).includes(1))).toBe(true);
    client.send(net.now, S, payloadFor(2), Flag.RELIABLE | Flag.ENCRYPTED);
    net.flush();
    expect(net.runUntil(() => deliveredIndexes(net).includes(2))).toBe(true);
    net.inject(C, S, forged(lastSequence() + 1, Flag.RELIABLE, 900));
    client.send(net.now, S, payloadFor(3), Flag.RELIABLE | Flag.ENCRYPTED);
    net.flush();
    net.runUntil(() => false, 1_000);
    expect(deliveredIndexes(net)).toEqual([1, 2, 3]);
    expect(server.stats.plaintextDropped).toBe(1);
  });

  it("the default ('accept') keeps the seed's per-message flags: plaintext and encrypted mix on one connection", () => {
    const { net, server, client } = connectedPair(undefined);
    client.send(net.now, S, payloadFor(1), Flag.RELIABLE | Flag.ENCRYPTED);
    client.send(net.now, S, payloadFor(2), Flag.RELIABLE);
    client.send(net.now, S, payloadFor(3), 0);
    net.flush();
    expect(net.runUntil(() => deliveredIndexes(net).length === 3)).toBe(true);
    expect(server.stats.plaintextDropped).toBe(0);
  });
});
