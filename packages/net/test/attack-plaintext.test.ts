// Finding 5 of issue 14 on real loopback UDP: plaintext forged from the client's address, and re-sequenced replays.
//
// A relay stands between the client and the server, so the server sees the relay's socket as "the client's
// address"; the attacker sends from that very socket (what an off-path attacker spoofing the source, or an
// on-path one, can do). It never has the session key.

import type { Socket } from 'node:dgram';
import { encode } from '@msgpack/msgpack';
import {
  DELIVERY_WIRE,
  defineMessage,
  encodeFrame,
  type MessageConnection,
  MessageRegistry,
  MessageServer,
  type MessageType,
} from '@paperclip/messages';
import { Flag } from '@paperclip/protocol';
import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { connectUdp, UdpAcceptor } from '../src/carriers/udp-carrier.ts';
import { acceptAnyCertificate } from '../src/certs/validators.ts';
import { Resources } from './udp/support/harness.ts';

const KINDS = ['reliable-ordered', 'reliable-unordered', 'unreliable', 'unreliable-sequenced'] as const;
const types = KINDS.map((delivery) =>
  defineMessage(`attack:${delivery}`, Type.Object({ i: Type.Integer() }), { delivery }),
);
const registry = new MessageRegistry(types);
const FORGED = 900;

/** A relay that records the client's datagrams and lets the test send from the server-facing socket. */
async function startRelay(resources: Resources, upstreamPort: number) {
  const front = await resources.rawSocket();
  const back = await resources.rawSocket();
  const fromClient: Uint8Array[] = [];
  let client: { address: string; port: number } | undefined;
  front.on('message', (datagram, info) => {
    client = { address: info.address, port: info.port };
    fromClient.push(new Uint8Array(datagram));
    back.send(datagram, upstreamPort, '127.0.0.1');
  });
  back.on('message', (datagram) => {
    if (client) front.send(datagram, client.port, client.address);
  });
  const inject = (datagram: Uint8Array) => (back as Socket).send(datagram, upstreamPort, '127.0.0.1');
  return { address: `127.0.0.1:${front.address().port}`, fromClient, inject };
}

/** v0 sequence id of a datagram (bytes 4-5; bytes 2-3 are zero). */
const sequenceOf = (datagram: Uint8Array) => (datagram[4]! << 8) | datagram[5]!;

/** A hand-made unencrypted v0 DEFAULT datagram carrying one message frame. */
function forgedDatagram(sequenceId: number, type: MessageType, frameSequence: number, i: number) {
  const wire = DELIVERY_WIRE[type.delivery];
  const id = registry.table.byName(type.name)!.id;
  const frame = encodeFrame(id, wire, frameSequence, encode({ i }));
  const datagram = new Uint8Array(6 + frame.length);
  datagram[0] = 0x00; // v0, DEFAULT
  datagram[1] = wire <= 1 ? Flag.RELIABLE : 0;
  datagram[4] = sequenceId >> 8;
  datagram[5] = sequenceId & 0xff;
  datagram.set(frame, 6);
  return datagram;
}

describe('finding 5: an encrypted UDP session refuses plaintext and replays (loopback)', () => {
  const resources = new Resources();
  const clients: MessageConnection[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await resources.closeAll();
  });

  it('forged plaintext frames never reach a handler, replays are delivered once, the victim keeps talking', async () => {
    const acceptor = new UdpAcceptor({
      host: '127.0.0.1',
      port: 0,
      server: { validator: acceptAnyCertificate },
    });
    const server = new MessageServer({ registry });
    resources.add(() => server.close());
    const received = new Map<string, number[]>(types.map((type) => [type.name, []]));
    let waiting: { until: () => boolean; resolve: () => void } | undefined;
    for (const type of types) {
      server.onMessage(type, (payload) => {
        received.get(type.name)!.push(payload.i);
        if (waiting?.until()) waiting.resolve();
      });
    }
    /**
     * Resolves once every kind has delivered message `i` (each round ends with such a marker), or after 5 s
     * so that a failure shows what did arrive instead of a test timeout (the passing path never waits on it).
     */
    const arrived = (i: number) =>
      new Promise<void>((resolve) => {
        const until = () => types.every((type) => received.get(type.name)!.includes(i));
        const giveUp = setTimeout(resolve, 5_000);
        const done = () => {
          clearTimeout(giveUp);
          resolve();
        };
        if (until()) done();
        else waiting = { until, resolve: done };
      });
    await server.listen(acceptor);
    const relay = await startRelay(resources, Number(acceptor.address.split(':')[1]));
    const client = connectUdp(relay.address, {
      registry,
      udp: { client: { validator: acceptAnyCertificate } },
    });
    clients.push(client);
    await client.waitForConnection(10_000);
    for (const type of types) client.send(type, { i: 0 });
    await arrived(0);

    // 1. Plaintext forged from the client's address: 41 guesses of the next v0 sequence ids and of the
    //    message layer's own numbers (ordered: HELLO, READY and message 0 took 0..2), for every kind.
    const lastSequence = Math.max(...relay.fromClient.map(sequenceOf));
    types.forEach((type, kind) => {
      for (let guess = 0; guess < 41; guess++) {
        const frameSequence = type.delivery === 'reliable-ordered' ? 3 + guess : 1 + guess;
        relay.inject(
          forgedDatagram(lastSequence + 1 + kind * 41 + guess, type, frameSequence, FORGED + guess),
        );
      }
    });
    for (let i = 1; i <= 3; i++) for (const type of types) client.send(type, { i });
    await arrived(3);

    // 2. Replays: every DEFAULT datagram the client sent so far, again, under fresh v0 sequence ids.
    const before = relay.fromClient.length;
    let fresh = Math.max(...relay.fromClient.map(sequenceOf)) + 500;
    for (const datagram of relay.fromClient.slice(0, before)) {
      if (datagram[0] !== 0x00) continue; // DEFAULT only
      const copy = datagram.slice();
      copy[4] = (fresh >> 8) & 0xff;
      copy[5] = fresh++ & 0xff;
      relay.inject(copy);
    }
    for (const type of types) client.send(type, { i: 4 });
    await arrived(4);

    for (const type of types) {
      const got = received.get(type.name)!;
      expect({ [type.name]: got.filter((i) => i >= FORGED) }).toEqual({ [type.name]: [] });
      expect({ [type.name]: [...got].sort((a, b) => a - b) }).toEqual({ [type.name]: [0, 1, 2, 3, 4] });
    }
  });
});
