// A second, deliberately plain reading of docs/PROTOCOL.md §6 (receiver obligations): which minor a datagram earns.
import { PacketMinor } from '../../../src/index.ts';

/** 'ok' when a v0 receiver must accept the datagram, else the PACKET minor code it must reject it with. */
export type Verdict = 'ok' | PacketMinor;

const MINORS_PER_MAJOR = [1, 4, 3, 10];

/**
 * Written from the document, not from codec-v0.ts, so the fuzzer can check the decoder picks the right minor.
 * Rules are applied front to back; the first failing field decides.
 */
export function classifyDatagram(b: Uint8Array): Verdict {
  const n = b.length;
  if (n < 1 || b[0]! >> 4 !== 0) return PacketMinor.VERSION;
  const type = b[0]! & 0x0f;
  if (type > 4) return PacketMinor.PACKET_TYPE;
  if (n < 2 || (b[1]! & 0x07) !== 0) return PacketMinor.FLAGS;
  const flags = b[1]!;
  if (n < 6 || b[2] !== 0 || b[3] !== 0) return PacketMinor.SEQUENCE_ID;
  let at = 6;
  const fragmented = (flags & 0x08) !== 0;
  const encrypted = (flags & 0x10) !== 0;
  if (fragmented) {
    if (n < 7) return PacketMinor.FRAGMENT_ID;
    if (n < 8 || b[7] === 0) return PacketMinor.FRAGMENT_NUMBER;
    if (b[6]! >= b[7]!) return PacketMinor.FRAGMENT_ID;
    at = 8;
  }
  if (encrypted) {
    if (n < at + 16) return PacketMinor.INIT_VECTOR;
    at += 16;
  }
  if ((flags & 0x40) !== 0) {
    if (n < at + 4) return PacketMinor.CHECKSUM;
    at += 4;
  }
  if (type === 1) {
    if (n < at + 8) return PacketMinor.SEQUENCE_ID;
    if (b[at] !== 0 || b[at + 1] !== 0 || b[at + 4] !== 0 || b[at + 5] !== 0) return PacketMinor.SEQUENCE_ID;
    at += 8;
  } else if (type === 2) {
    if (n < at + 1 || b[at] === 0 || n < at + 1 + b[at]!) return PacketMinor.PACKET_TYPE;
    at += 1 + b[at]!;
    if (at < n) {
      if (n < at + 2) return PacketMinor.PACKET_TYPE;
      const certificateSize = b[at]! * 256 + b[at + 1]!;
      if (n < at + 2 + certificateSize) return PacketMinor.PACKET_TYPE;
      at += 2 + certificateSize;
    }
  } else if (type === 3) {
    if (n < at + 1 || b[at]! > 1) return PacketMinor.PACKET_TYPE;
    at += 1;
  } else if (type === 4) {
    if (n < at + 1) return PacketMinor.PACKET_TYPE;
    const major = b[at]! >> 4;
    if (major > 3 || (b[at]! & 0x0f) >= MINORS_PER_MAJOR[major]!) return PacketMinor.PACKET_TYPE;
    at += 1;
  }
  const rest = n - at;
  if (encrypted && !fragmented && (rest === 0 || rest % 16 !== 0)) return PacketMinor.INIT_VECTOR;
  return 'ok';
}
