// ownsReceivedDatagrams: payloads and fragments are views of the driver's datagram only when the driver allows it.
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/core/index.ts';
import { seededRandomBytes } from '../../src/testing/seeded-random.ts';
import { decodePacket } from '../../src/wire/codec-v0.ts';
import { Flag } from '../../src/wire/constants.ts';
import { FragmentReassembler } from '../../src/wire/reassembly.ts';
import { sealDatagrams } from '../../src/wire/seal-datagrams.ts';
import { makeClient, makeServer, payloadFor } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';

/** Connects a client to a server by hand; returns the last datagram the server received and its events. */
function connect(ownsReceivedDatagrams: boolean) {
  const server = makeServer(1, { ownsReceivedDatagrams });
  const client = makeClient(2);
  const received: Uint8Array[] = [];
  const data: Uint8Array[] = [];
  const pump = () => {
    for (let busy = true; busy; ) {
      busy = false;
      for (const [from, to, fromAddress] of [
        [client, server, C],
        [server, client, S],
      ] as [Endpoint, Endpoint, string][]) {
        for (let out = from.pollTransmit(); out; out = from.pollTransmit()) {
          if (to === server) received.push(out.datagram);
          to.handleDatagram(0, fromAddress, out.datagram);
          busy = true;
        }
        for (let event = to.pollEvent(); event; event = to.pollEvent()) {
          busy = true;
          if (event.type === 'validateCertificate') {
            to.completeCertificateValidation(0, event.requestId, { valid: true, accountId: null });
          } else if (event.type === 'data' && to === server) data.push(event.data);
        }
      }
    }
  };
  client.connect(0, S);
  pump();
  return { client, received, data, pump };
}

describe('ownsReceivedDatagrams', () => {
  it('false (default): the application gets its own copy of an unencrypted payload', () => {
    const { client, received, data, pump } = connect(false);
    client.send(0, S, payloadFor(1), 0);
    pump();
    expect(data).toHaveLength(1);
    expect(data[0]).toEqual(payloadFor(1));
    expect(data[0]!.buffer).not.toBe(received.at(-1)!.buffer);
  });

  it('true: the payload is a view of the datagram the driver handed in (no copy)', () => {
    const { client, received, data, pump } = connect(true);
    client.send(0, S, payloadFor(2), Flag.RELIABLE);
    pump();
    expect(data[0]).toEqual(payloadFor(2));
    expect(data[0]!.buffer).toBe(received.find((d) => d[0] === 0)!.buffer);
  });

  it('FragmentReassembler copies fragments unless copyFragments is false; the message is whole either way', () => {
    const payload = new Uint8Array(2500).map((_, i) => (i % 250) + 1);
    const datagrams = sealDatagrams(9, payload, { flags: Flag.FRAG, randomBytes: seededRandomBytes(1) });
    expect(datagrams).toHaveLength(3);
    for (const copyFragments of [true, false]) {
      const reassembler = new FragmentReassembler({ copyFragments });
      const wire = datagrams.map((d) => d.slice());
      expect(reassembler.push(0, decodePacket(wire[0]!))).toBeUndefined();
      // Scribble over the stored first fragment's datagram: only a kept view sees it.
      wire[0]!.fill(0, 8);
      expect(reassembler.push(0, decodePacket(wire[1]!))).toBeUndefined();
      const whole = reassembler.push(0, decodePacket(wire[2]!));
      expect(whole).toBeDefined();
      expect(whole!.data.length).toBe(payload.length);
      expect(whole!.data[0]).toBe(copyFragments ? payload[0] : 0);
      expect(whole!.data.subarray(988)).toEqual(payload.subarray(988));
    }
  });
});
