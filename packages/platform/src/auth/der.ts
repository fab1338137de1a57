// A tiny strict DER writer and reader: just the types PKCS#8 encryption needs (SEQUENCE, INTEGER, OID, OCTET STRING, NULL).
import { DerError } from './key-errors.ts';

/** The universal tags this module reads and writes. */
export const DerTag = {
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  SEQUENCE: 0x30,
} as const;

/** DER that is malformed, not minimally encoded, or not the expected shape (PC_KEY_DER). */
export { DerError };

/** One of the tags in DerTag. */
export type DerTagValue = (typeof DerTag)[keyof typeof DerTag];

/** Largest INTEGER this module reads (it only reads counts and cost parameters). */
const MAX_INTEGER_BYTES = 6;
/** Longest OBJECT IDENTIFIER contents it reads (the ones it knows are at most 9 bytes). */
const MAX_OID_BYTES = 32;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one element with the given tag and contents. */
function derElement(tag: DerTagValue, contents: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(contents.length), contents]);
}

/** A SEQUENCE of already-encoded elements. */
export function derSequence(...elements: Uint8Array[]): Buffer {
  return derElement(DerTag.SEQUENCE, Buffer.concat(elements));
}

/** An OCTET STRING. */
export function derOctetString(bytes: Uint8Array): Buffer {
  return derElement(DerTag.OCTET_STRING, bytes);
}

/** A non-negative INTEGER (minimal two's-complement encoding). */
export function derInteger(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`DER integer out of range: ${value}`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  // A leading 1 bit would make the value negative.
  if (bytes.length === 0 || (bytes[0] ?? 0) >= 0x80) bytes.unshift(0);
  return derElement(DerTag.INTEGER, Buffer.from(bytes));
}

/** An OBJECT IDENTIFIER from its dotted form, e.g. `1.2.840.113549.1.5.13`. */
export function derOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || !arcs.every(Number.isSafeInteger) || first > 2)
    throw new RangeError(`Not an object identifier: ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const group = [arc % 128];
    for (let high = Math.floor(arc / 128); high > 0; high = Math.floor(high / 128))
      group.unshift(0x80 | (high % 128));
    bytes.push(...group);
  }
  return derElement(DerTag.OBJECT_IDENTIFIER, Buffer.from(bytes));
}

/** NULL. */
export function derNull(): Buffer {
  return Buffer.from([DerTag.NULL, 0]);
}

/**
 * Reads the elements of one DER buffer (or constructed element) in order. Every read checks that the
 * element is the expected tag, has a definite, minimally encoded length and lies inside the buffer.
 */
export class DerReader {
  readonly #bytes: Uint8Array;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** True when every element has been read. */
  get done(): boolean {
    return this.#offset === this.#bytes.length;
  }

  /** The tag of the next element, or undefined at the end. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.#bytes[this.#offset];
  }

  /** The contents of the next element, which must carry `tag`. */
  read(tag: DerTagValue, what: string): Uint8Array {
    const bytes = this.#bytes;
    const actual = bytes[this.#offset];
    if (actual !== tag)
      throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found ${describe(actual)}.`);
    let offset = this.#offset + 1;
    const first = bytes[offset++];
    if (first === undefined) throw new DerError(`${what}: truncated length.`);
    let length = first;
    if (first >= 0x80) {
      const count = first & 0x7f;
      if (count === 0 || count > 4) throw new DerError(`${what}: unsupported length encoding.`);
      if (offset + count > bytes.length) throw new DerError(`${what}: truncated length.`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset++] ?? 0);
      if (length < 0x80 || bytes[offset - count] === 0)
        throw new DerError(`${what}: length is not minimally encoded.`);
    }
    if (length > bytes.length - offset) throw new DerError(`${what}: length runs past the end of the data.`);
    this.#offset = offset + length;
    return bytes.subarray(offset, offset + length);
  }

  /** A reader over the next element, a SEQUENCE. */
  sequence(what: string): DerReader {
    return new DerReader(this.read(DerTag.SEQUENCE, what));
  }

  /** The next OCTET STRING's bytes. */
  octetString(what: string): Uint8Array {
    return this.read(DerTag.OCTET_STRING, what);
  }

  /** The next INTEGER, which must be non-negative and at most `max`. */
  integer(what: string, max: number): number {
    const contents = this.read(DerTag.INTEGER, what);
    if (contents.length === 0) throw new DerError(`${what}: empty integer.`);
    const [lead = 0, next = 0] = contents;
    if (lead >= 0x80) throw new DerError(`${what}: negative integer.`);
    if (contents.length > 1 && lead === 0 && next < 0x80)
      throw new DerError(`${what}: integer is not minimally encoded.`);
    if (contents.length > MAX_INTEGER_BYTES)
      throw new DerError(`${what}: ${contents.length}-byte integer is larger than ${max}.`);
    let value = 0;
    for (const byte of contents) value = value * 256 + byte;
    if (value > max) throw new DerError(`${what}: ${value} is larger than ${max}.`);
    return value;
  }

  /** The next OBJECT IDENTIFIER in dotted form. */
  oid(what: string): string {
    const contents = this.read(DerTag.OBJECT_IDENTIFIER, what);
    if (contents.length === 0 || contents.length > MAX_OID_BYTES)
      throw new DerError(`${what}: bad object identifier length.`);
    const arcs: number[] = [];
    let arc = 0;
    let started = false;
    for (const byte of contents) {
      if (!started && byte === 0x80)
        throw new DerError(`${what}: object identifier arc is not minimally encoded.`);
      arc = arc * 128 + (byte & 0x7f);
      if (arc > Number.MAX_SAFE_INTEGER / 128)
        throw new DerError(`${what}: object identifier arc too large.`);
      started = (byte & 0x80) !== 0;
      if (!started) {
        arcs.push(arc);
        arc = 0;
      }
    }
    if (started) throw new DerError(`${what}: truncated object identifier.`);
    const [head = 0, ...tail] = arcs;
    const first = Math.min(2, Math.floor(head / 40));
    return [first, head - first * 40, ...tail].join('.');
  }

  /** Reads a NULL. */
  null(what: string): void {
    if (this.read(DerTag.NULL, what).length !== 0) throw new DerError(`${what}: NULL with contents.`);
  }

  /** Throws unless every element has been read (no trailing data). */
  end(what: string): void {
    if (!this.done) throw new DerError(`${what}: unexpected trailing data.`);
  }
}

function describe(tag: number | undefined): string {
  return tag === undefined ? 'the end of the data' : `tag 0x${tag.toString(16)}`;
}
