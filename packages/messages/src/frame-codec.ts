// Message frames: the bytes of one typed message inside a carrier packet (several frames per packet).
//
//   frame   = head:varint  length:varint  (sequence:u16be | number:varint)  payload[length]
//   head    = messageId * 4 + deliveryWire        (delivery in the low two bits)
//   sequence: reliable-ordered (0) and unreliable-sequenced (3); number: reliable-unordered (1) and
//   unreliable (2), a per-connection frame number the receiver deduplicates (replay-window.ts).
//
// varint = unsigned LEB128, at most 4 bytes. See docs/MESSAGES.md "Frame format".
import { MessageError, MessageErrorCode } from './errors.ts';

/** Delivery wire numbers that carry a 16-bit sequence field; the others carry a varint frame number. */
const SEQUENCED_WIRE_KINDS = new Set([0, 3]);
/** Largest value a frame varint may carry (4 LEB128 bytes). */
const MAX_VARINT = 2 ** 28 - 1;
/** Sequence numbers are 16-bit and wrap. */
export const SEQUENCE_MODULUS = 0x1_0000;

/** One decoded frame; `payload` is a view into the packet. */
export interface Frame {
  messageId: number;
  deliveryWire: number;
  /** The u16 sequence (delivery 0 and 3) or the frame number (delivery 1 and 2); always present on decode. */
  sequence: number | undefined;
  payload: Uint8Array;
}

/** Bytes a varint of this value takes. */
function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : 4;
}

function writeVarint(target: Uint8Array, offset: number, value: number): number {
  let rest = value;
  let at = offset;
  while (rest >= 0x80) {
    target[at++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  target[at++] = rest;
  return at;
}

/**
 * Encodes one frame. `sequence` is the u16 sequence of delivery 0 and 3, or the frame number (below 2^28) of
 * delivery 1 and 2; undefined encodes 0.
 */
export function encodeFrame(
  messageId: number,
  deliveryWire: number,
  sequence: number | undefined,
  payload: Uint8Array,
): Uint8Array {
  const head = messageId * 4 + deliveryWire;
  if (head > MAX_VARINT || payload.length > MAX_VARINT) {
    throw new MessageError(MessageErrorCode.USAGE, 'A message id or payload is too large to frame.');
  }
  const sequenced = SEQUENCED_WIRE_KINDS.has(deliveryWire);
  const number = sequenced ? 0 : (sequence ?? 0) % (MAX_VARINT + 1);
  const size =
    varintSize(head) + varintSize(payload.length) + (sequenced ? 2 : varintSize(number)) + payload.length;
  const frame = new Uint8Array(size);
  let at = writeVarint(frame, 0, head);
  at = writeVarint(frame, at, payload.length);
  if (sequenced) {
    const seq = (sequence ?? 0) & 0xffff;
    frame[at++] = seq >>> 8;
    frame[at++] = seq & 0xff;
  } else {
    at = writeVarint(frame, at, number);
  }
  frame.set(payload, at);
  return frame;
}

/** Limits applied while splitting a packet into frames. */
export interface FrameLimits {
  /** Largest payload of one frame, in bytes. */
  maxMessageBytes: number;
  /** Most frames one packet may hold. */
  maxFramesPerPacket: number;
}

function malformed(text: string): MessageError {
  return new MessageError(MessageErrorCode.MALFORMED_FRAME, text);
}

/** Where the last readVarint() ended: returned through a module variable so no tuple is allocated per frame. */
let varintEnd = 0;

function readVarint(packet: Uint8Array, offset: number): number {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const byte = packet[offset + i];
    if (byte === undefined) throw malformed('A frame ends inside a varint.');
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      varintEnd = offset + i + 1;
      return value;
    }
  }
  throw malformed('A frame varint is longer than 4 bytes.');
}

/**
 * Splits a packet into frames. Throws MessageError MALFORMED_FRAME for bytes that are not frames
 * and LIMIT_EXCEEDED when a limit is crossed; never reads past the packet.
 */
export function decodeFrames(packet: Uint8Array, limits: FrameLimits): Frame[] {
  const frames: Frame[] = [];
  let at = 0;
  while (at < packet.length) {
    if (frames.length >= limits.maxFramesPerPacket) {
      throw new MessageError(
        MessageErrorCode.LIMIT_EXCEEDED,
        `A packet held more than ${limits.maxFramesPerPacket} frames.`,
      );
    }
    const head = readVarint(packet, at);
    const length = readVarint(packet, varintEnd);
    const deliveryWire = head & 3;
    let cursor = varintEnd;
    let sequence: number;
    if (SEQUENCED_WIRE_KINDS.has(deliveryWire)) {
      if (cursor + 2 > packet.length) throw malformed('A frame ends inside its sequence number.');
      sequence = (packet[cursor]! << 8) | packet[cursor + 1]!;
      cursor += 2;
    } else {
      sequence = readVarint(packet, cursor);
      cursor = varintEnd;
    }
    if (length > limits.maxMessageBytes) {
      throw new MessageError(
        MessageErrorCode.LIMIT_EXCEEDED,
        `A message of ${length} bytes exceeds the limit of ${limits.maxMessageBytes}.`,
      );
    }
    if (cursor + length > packet.length) throw malformed('A frame is longer than the packet holding it.');
    frames.push({
      messageId: Math.floor(head / 4),
      deliveryWire,
      sequence,
      payload: packet.subarray(cursor, cursor + length),
    });
    at = cursor + length;
  }
  return frames;
}
