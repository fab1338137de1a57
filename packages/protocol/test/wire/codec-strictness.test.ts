// Receive strictness of decodePacket: each malformed field earns its own PACKET minor (docs/PROTOCOL.md §6).
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  encodePacket,
  type Packet,
  PacketError,
  PacketMinor,
  PacketType,
} from '../../src/index.ts';
import { fromHex } from './support/seed-oracles.ts';

const { VERSION, PACKET_TYPE, FLAGS, SEQUENCE_ID, FRAGMENT_ID, FRAGMENT_NUMBER, INIT_VECTOR, CHECKSUM } =
  PacketMinor;
const iv = '00'.repeat(16);

/** [why, datagram hex, expected minor] */
const rejected: [string, string, number][] = [
  ['empty datagram', '', VERSION],
  ['version nibble 1', '10000000000000', VERSION],
  ['version nibble 15', 'f0000000000000', VERSION],
  ['type nibble 5', '05000000000000', PACKET_TYPE],
  ['type nibble 15', '0f000000000000', PACKET_TYPE],
  ['no flags byte', '00', FLAGS],
  ['undefined flag bit 0x04', '00040000000000', FLAGS],
  ['undefined flag bit 0x01', '00010000000000', FLAGS],
  ['truncated sequence id', '0000000000', SEQUENCE_ID],
  ['sequence id 2^16', '00000001000000', SEQUENCE_ID],
  ['sequence id 2^32-1', '0000ffffffff00', SEQUENCE_ID],
  ['FRAG without fragment id', '000800000001', FRAGMENT_ID],
  ['FRAG without fragment count', '00080000000100', FRAGMENT_NUMBER],
  ['fragment count 0', '0008000000010000', FRAGMENT_NUMBER],
  ['fragment id = count', '0008000000010303', FRAGMENT_ID],
  ['fragment id > count', '0008000000010503', FRAGMENT_ID],
  ['truncated IV', `001000000001${iv.slice(2)}`, INIT_VECTOR],
  ['ENCRYPTED with no ciphertext', `001000000001${iv}`, INIT_VECTOR],
  ['ENCRYPTED with 15 bytes', `001000000001${iv}${'00'.repeat(15)}`, INIT_VECTOR],
  ['ENCRYPTED with 17 bytes', `001000000001${iv}${'00'.repeat(17)}`, INIT_VECTOR],
  ['truncated checksum', '004000000001aabbcc', CHECKSUM],
  ['truncated ACK fields', '0100000000010000000000', SEQUENCE_ID],
  ['ack id 2^16', '010000000001000100000000', SEQUENCE_ID],
  ['ack bits above 16 bits', '010000000001000000000001c000', SEQUENCE_ID],
  ['AUTH without key size', '020000000000', PACKET_TYPE],
  ['AUTH with empty key', '02000000000000', PACKET_TYPE],
  ['AUTH with truncated key', '0200000000000301', PACKET_TYPE],
  ['AUTH with 1 byte of certificate size', '020000000000010101', PACKET_TYPE],
  ['AUTH with truncated certificate', '02000000000001010003aabb', PACKET_TYPE],
  ['HEARTBEAT without its byte', '030000000005', PACKET_TYPE],
  ['HEARTBEAT byte 2', '03000000000502', PACKET_TYPE],
  ['ERROR without its code', '040000000006', PACKET_TYPE],
  ['ERROR major 4', '04000000000640', PACKET_TYPE],
  ['ERROR CONNECTION minor 4', '04000000000614', PACKET_TYPE],
  ['ERROR DISCONNECT minor 3', '04000000000623', PACKET_TYPE],
  ['ERROR PACKET minor 10', '0400000000063a', PACKET_TYPE],
  ['ERROR major 0 minor 1', '04000000000601', PACKET_TYPE],
];

describe('decodePacket rejects malformed datagrams with the matching PacketError minor', () => {
  for (const [why, hex, minor] of rejected) {
    it(`${why} → ${Object.entries(PacketMinor).find(([, code]) => code === minor)![0]}`, () => {
      const error = (() => {
        try {
          decodePacket(fromHex(hex));
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(PacketError);
      expect((error as PacketError).minor).toBe(minor);
      expect((error as PacketError).message).toMatch(/\.$/);
    });
  }
});

describe('decodePacket accepts what the seed may send', () => {
  const accepted: [string, string][] = [
    ['DEFAULT with no payload', '000000000000'],
    ['largest sequence id 65535', '00000000ffff'],
    ['single-fragment message (FRAG, 0 of 1)', '0008000000070001aa'],
    ['fragment of an encrypted message: any length', `0018000000070102${iv}aabbcc`],
    ['AUTH with key only (certificate optional)', '02000000000003010203'],
    ['AUTH with empty certificate', '02000000000001aa0000'],
    ['ERROR major 0 (generic)', '04000000000600'],
    ['ACK with all 16 ack bits', '010000000011000000100000ffff'],
  ];
  for (const [why, hex] of accepted) {
    it(why, () => {
      const datagram = fromHex(hex);
      expect(Array.from(encodePacket(decodePacket(datagram)))).toEqual(Array.from(datagram));
    });
  }

  it('returns views into the datagram, not copies', () => {
    const datagram = fromHex('000000000001aabbcc');
    const packet = decodePacket(datagram);
    expect(packet.data.buffer).toBe(datagram.buffer);
    expect(packet.data.byteOffset).toBe(datagram.byteOffset + 6);
  });
});

describe('encodePacket refuses fields it cannot put on the wire', () => {
  const base: Packet = {
    type: PacketType.DEFAULT,
    version: 0,
    flags: 0,
    sequenceId: 1,
    data: new Uint8Array(),
  };
  const cases: [string, Packet, number][] = [
    ['version 1', { ...base, version: 1 }, VERSION],
    ['flag bit 0x02', { ...base, flags: 0x02 }, FLAGS],
    ['sequence id 65536', { ...base, sequenceId: 65536 }, SEQUENCE_ID],
    ['sequence id -1', { ...base, sequenceId: -1 }, SEQUENCE_ID],
    ['FRAG without count', { ...base, flags: 0x08, fragmentId: 0 }, FRAGMENT_NUMBER],
    ['FRAG with id = count', { ...base, flags: 0x08, fragmentId: 2, fragmentNumber: 2 }, FRAGMENT_ID],
    ['ENCRYPTED with an 8-byte IV', { ...base, flags: 0x10, initVector: new Uint8Array(8) }, INIT_VECTOR],
    ['CHECKSUM above 32 bits', { ...base, flags: 0x40, checksum: 2 ** 32 }, CHECKSUM],
    ['ACK id 65536', { ...base, type: PacketType.ACK, ackId: 65536, ackBits: 0 }, SEQUENCE_ID],
    [
      'AUTH key of 256 bytes',
      { ...base, type: PacketType.AUTH, publicKey: new Uint8Array(256) },
      PACKET_TYPE,
    ],
    ['HEARTBEAT 2', { ...base, type: PacketType.HEARTBEAT, heartbeat: 2 as 0 }, PACKET_TYPE],
    ['ERROR 5/0', { ...base, type: PacketType.ERROR, major: 5, minor: 0 }, PACKET_TYPE],
  ];
  for (const [why, packet, minor] of cases) {
    it(why, () => {
      expect(() => encodePacket(packet)).toThrow(PacketError);
      try {
        encodePacket(packet);
      } catch (error) {
        expect((error as PacketError).minor).toBe(minor);
      }
    });
  }

  it('ignores optional fields whose flag is clear (flags decide the layout)', () => {
    const packet = { ...base, fragmentId: 3, fragmentNumber: 4, initVector: new Uint8Array(16), checksum: 7 };
    expect(encodePacket(packet)).toEqual(fromHex('000000000001'));
  });
});
