// Every datagram of a seed↔seed capture (5 scenarios + refused handshake): fields, bytes, and full receive path.
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  encodePacket,
  Flag,
  FragmentReassembler,
  openMessage,
  type Packet,
  PacketType,
} from '../../src/index.ts';
import {
  compareRows,
  type FieldRow,
  fromHex,
  handshakeFinished,
  pyClientPayload,
  readFixture,
  toHex,
} from './support/seed-oracles.ts';

interface Capture {
  scenario: string;
  sessionKey: string | null;
  datagrams: { i: number; dir: 'c2s' | 's2c'; hex: string; rows: FieldRow[] }[];
}
const fixture = readFixture<{ datagrams: number; captures: Capture[] }>('seed-captures.json');

describe('seed captures (test/wire/fixtures/seed-captures.json, regenerate with bench/capture-seed-traffic.ts)', () => {
  it('holds the 128 datagrams of the six interop captures', () => {
    expect(fixture.captures).toHaveLength(6);
    expect(fixture.captures.reduce((sum, capture) => sum + capture.datagrams.length, 0)).toBe(128);
    expect(fixture.datagrams).toBe(128);
  });

  for (const capture of fixture.captures) {
    describe(capture.scenario, () => {
      const key = capture.sessionKey === null ? undefined : fromHex(capture.sessionKey);

      it('every datagram decodes to the harness parser’s fields and re-encodes byte for byte', () => {
        for (const { i, hex, rows } of capture.datagrams) {
          const datagram = fromHex(hex);
          const packet = decodePacket(datagram);
          expect(compareRows(datagram, packet, rows), `datagram #${i}`).toEqual([]);
          expect(toHex(encodePacket(packet)), `datagram #${i}`).toBe(hex);
        }
      });

      it('every message reassembles, decrypts, inflates and passes its CRC to what py_client sent', () => {
        const reassemblers = { c2s: new FragmentReassembler(), s2c: new FragmentReassembler() };
        let messages = 0;
        let fragments = 0;
        let unfragmented = 0;
        for (const { i, dir, hex } of capture.datagrams) {
          let packet: Packet | undefined = decodePacket(fromHex(hex));
          if (packet.type !== PacketType.DEFAULT) continue;
          if ((packet.flags & Flag.FRAG) !== 0) {
            fragments += 1;
            packet = reassemblers[dir].push(i, packet);
            if (packet === undefined) continue;
          } else unfragmented += 1;
          const plaintext = openMessage(packet, { sessionKey: key });
          const index = Number(Buffer.from(plaintext.subarray(0, 8)).toString('latin1'));
          expect(toHex(plaintext), `datagram #${i}`).toBe(toHex(pyClientPayload(index, plaintext.length)));
          messages += 1;
        }
        const dataDatagrams = capture.datagrams.filter(({ hex }) => hex.startsWith('00')).length;
        // Every DEFAULT datagram was opened, alone or as part of a completed message.
        expect(unfragmented + fragments).toBe(dataDatagrams);
        expect(reassemblers.c2s.pendingMessages + reassemblers.s2c.pendingMessages).toBe(0);
        if (!capture.scenario.startsWith('deny/')) expect(messages).toBeGreaterThanOrEqual(6);
      });

      if (key !== undefined) {
        it('both handshake ACKs carry the same finished value, HMAC-SHA256(key, "node finished" ‖ SHA-256(0x13))', () => {
          const finished = toHex(handshakeFinished(key));
          const acks = capture.datagrams
            .map(({ hex }) => decodePacket(fromHex(hex)))
            .filter((packet) => packet.type === PacketType.ACK && packet.data.length > 0);
          expect(acks.map((ack) => ack.sequenceId === 1 && toHex(ack.data))).toEqual([finished, finished]);
        });
      }
    });
  }
});
