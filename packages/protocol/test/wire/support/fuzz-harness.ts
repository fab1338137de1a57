// The codec fuzzer shared by `npm test` (small count) and `npm run fuzz:codec` (≥ 1,000,000 inputs).
import { deflateRawSync } from 'node:zlib';
import {
  decodePacket,
  encodePacket,
  Flag,
  FragmentReassembler,
  openMessage,
  type Packet,
  PacketError,
  PacketMinor,
  sealMessage,
} from '../../../src/index.ts';
import { seededRandom } from '../../../src/testing/seeded-random.ts';
import { classifyDatagram } from './reference-classifier.ts';
import { fromHex, readFixture } from './seed-oracles.ts';

/** The only minors decoding may produce (issue 2, item 5). */
const DECODE_MINORS = new Set<number>([1, 2, 3, 4, 5, 6, 7, 8, 9]);
const OPEN_MINORS = new Set<number>([PacketMinor.INIT_VECTOR, PacketMinor.COMPRESSION, PacketMinor.CHECKSUM]);
const REASSEMBLY_MINORS = new Set<number>([PacketMinor.FRAGMENT_ID, PacketMinor.FRAGMENT_NUMBER]);
const STRATEGIES = ['random', 'mutated-seed', 'generated', 'sealed', 'bomb'] as const;
type Strategy = (typeof STRATEGIES)[number];

export interface FuzzOptions {
  iterations: number;
  seed?: number;
  /** Inflation cap given to openMessage; small so bombs are cheap to prove. */
  maxInflatedBytes?: number;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  byStrategy: Record<Strategy, number>;
  accepted: number;
  rejectedByMinor: Record<string, number>;
  opened: number;
  openRejectedByMinor: Record<string, number>;
  reassembled: number;
  maxPendingSeen: number;
  maxBufferedSeen: number;
  failureCount: number;
  /** The first failures, each with the input hex for reproduction. */
  failures: string[];
}

const REASSEMBLY_LIMITS = { maxPendingMessages: 4, maxBufferedBytes: 16 * 1024, timeoutMs: 1000 };
const minorName = (minor: number) =>
  Object.entries(PacketMinor).find(([, code]) => code === minor)?.[0] ?? `${minor}`;

/** Runs `iterations` inputs; never throws for a codec failure, reports it instead. */
export function runCodecFuzz(options: FuzzOptions): FuzzReport {
  const seed = options.seed ?? 0x5eed;
  const cap = options.maxInflatedBytes ?? 64 * 1024;
  const random = seededRandom(seed);
  const int = (max: number) => Math.floor(random() * max);
  const corpus = loadCorpus();
  const key = corpus.keys[0]!;
  const bombs = [deflateRawSync(new Uint8Array(cap * 4)), deflateRawSync(new Uint8Array(cap + 1).fill(7))];
  const reassembler = new FragmentReassembler(REASSEMBLY_LIMITS);
  let currentStrategy: Strategy = 'random';
  const report: FuzzReport = {
    seed,
    inputs: 0,
    byStrategy: Object.fromEntries(STRATEGIES.map((name) => [name, 0])) as Record<Strategy, number>,
    accepted: 0,
    rejectedByMinor: {},
    opened: 0,
    openRejectedByMinor: {},
    reassembled: 0,
    maxPendingSeen: 0,
    maxBufferedSeen: 0,
    failureCount: 0,
    failures: [],
  };
  const fail = (what: string, input: Uint8Array): undefined => {
    report.failureCount += 1;
    if (report.failures.length < 20) {
      report.failures.push(
        `${currentStrategy} #${report.inputs}: ${what} [${Buffer.from(input).toString('hex')}]`,
      );
    }
    return undefined;
  };
  const bump = (table: Record<string, number>, minor: number) => {
    const name = minorName(minor);
    table[name] = (table[name] ?? 0) + 1;
  };

  /** Opens a whole packet; `expectMinor` pins the outcome when the input was built to produce it. */
  const open = (
    packet: Packet,
    input: Uint8Array,
    sessionKey: Uint8Array,
    expectMinor?: number,
  ): Uint8Array | undefined => {
    try {
      const plaintext = openMessage(packet, { sessionKey, maxInflatedBytes: cap });
      report.opened += 1;
      if (expectMinor !== undefined) fail(`opened although ${minorName(expectMinor)} was expected`, input);
      return plaintext;
    } catch (error) {
      if (!(error instanceof PacketError) || !OPEN_MINORS.has(error.minor))
        return fail(`open threw ${error}`, input);
      bump(report.openRejectedByMinor, error.minor);
      if (expectMinor !== undefined && error.minor !== expectMinor) fail(`open gave ${error.code}`, input);
    }
    return undefined;
  };

  /** Decodes (and reassembles, opens) one input; returns the plaintext when it got that far. */
  const check = (
    input: Uint8Array,
    sessionKey: Uint8Array,
    now: number,
    expectOpenMinor?: number,
    fragments: FragmentReassembler = reassembler,
  ): Uint8Array | undefined => {
    report.inputs += 1;
    const verdict = classifyDatagram(input);
    // Embed the datagram between sentinel bytes so a read or view outside it cannot go unnoticed.
    const host = new Uint8Array(input.length + 16).fill(0xa5);
    host.set(input, 8);
    const view = host.subarray(8, 8 + input.length);
    let packet: Packet;
    try {
      packet = decodePacket(view);
    } catch (error) {
      if (!(error instanceof PacketError)) return fail(`decode threw untyped ${error}`, input);
      if (!DECODE_MINORS.has(error.minor)) return fail(`decode used minor ${error.minor}`, input);
      bump(report.rejectedByMinor, error.minor);
      if (verdict === 'ok') return fail(`decode rejected a valid datagram: ${error.code}`, input);
      if (error.minor !== verdict)
        return fail(`decode gave ${error.code}, expected ${minorName(verdict)}`, input);
      return undefined;
    }
    report.accepted += 1;
    if (verdict !== 'ok')
      return fail(`decode accepted a datagram that deserves ${minorName(verdict)}`, input);
    for (const field of Object.values(packet)) {
      if (field instanceof Uint8Array) {
        const start = field.byteOffset - view.byteOffset;
        if (field.buffer !== host.buffer || start < 0 || start + field.length > input.length) {
          return fail('decode returned a view outside the datagram', input);
        }
      } else if (typeof field === 'number' && !Number.isInteger(field)) {
        return fail(`decode produced a non-integer field ${field}`, input);
      }
    }
    try {
      const again = encodePacket(packet);
      if (Buffer.compare(again, input) !== 0) return fail('re-encode differs from the input', input);
    } catch (error) {
      return fail(`re-encode threw ${error}`, input);
    }
    if ((packet.flags & Flag.FRAG) === 0) return open(packet, input, sessionKey, expectOpenMinor);
    let whole: Packet | undefined;
    try {
      whole = fragments.push(now, packet);
    } catch (error) {
      if (!(error instanceof PacketError) || !REASSEMBLY_MINORS.has(error.minor)) {
        return fail(`reassembly threw ${error}`, input);
      }
    }
    report.maxPendingSeen = Math.max(report.maxPendingSeen, fragments.pendingMessages);
    report.maxBufferedSeen = Math.max(report.maxBufferedSeen, fragments.bufferedBytes);
    if (fragments.pendingMessages > REASSEMBLY_LIMITS.maxPendingMessages)
      fail('too many pending messages', input);
    if (fragments.bufferedBytes > REASSEMBLY_LIMITS.maxBufferedBytes)
      fail('reassembly buffer over budget', input);
    if (whole === undefined) return undefined;
    report.reassembled += 1;
    return open(whole, input, sessionKey, expectOpenMinor);
  };

  const mutate = (source: Uint8Array): Uint8Array => {
    let bytes: Uint8Array = Uint8Array.from(source);
    for (let round = 1 + int(4); round > 0; round--) {
      const at = random() < 0.6 ? int(Math.min(bytes.length, 32) + 1) : int(bytes.length + 1);
      switch (int(7)) {
        case 0:
          if (at < bytes.length) bytes[at] = bytes[at]! ^ (1 << int(8));
          break;
        case 1:
          if (at < bytes.length) bytes[at] = int(256);
          break;
        case 2:
          bytes = bytes.slice(0, at);
          break;
        case 3:
          bytes = concat(bytes, randomBytes(1 + int(40)));
          break;
        case 4:
          bytes = concat(bytes.slice(0, at), bytes.slice(at + 1 + int(20)));
          break;
        case 5:
          bytes = concat(concat(bytes.slice(0, at), randomBytes(1 + int(8))), bytes.slice(at));
          break;
        default:
          if (bytes.length > 1) bytes[int(2)] = int(256);
      }
    }
    return bytes;
  };
  const randomBytes = (length: number) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = int(256);
    return out;
  };

  for (let now = 0; report.inputs < options.iterations; now++) {
    const strategy =
      STRATEGIES[now % 10 < 3 ? 0 : now % 10 < 6 ? 1 : now % 10 < 8 ? 2 : now % 10 < 9 ? 3 : 4]!;
    report.byStrategy[strategy] += 1;
    currentStrategy = strategy;
    if (strategy === 'random') {
      const bytes = randomBytes(random() < 0.9 ? int(48) : int(1100));
      if (bytes.length > 0 && random() < 0.8) bytes[0] = int(6);
      if (bytes.length > 1 && random() < 0.7) bytes[1] = bytes[1]! & 0xf8;
      if (bytes.length > 3 && random() < 0.7) bytes[2] = bytes[3] = 0;
      check(bytes, key, now);
    } else if (strategy === 'mutated-seed') {
      const pick = corpus.datagrams[int(corpus.datagrams.length)]!;
      check(mutate(pick.bytes), pick.key ?? key, now);
    } else if (strategy === 'generated') {
      const bytes = generatedDatagram(int, randomBytes);
      check(random() < 0.5 ? bytes : mutate(bytes), key, now);
    } else if (strategy === 'sealed') {
      const flags = [Flag.RELIABLE, Flag.CHECKSUM, Flag.COMPRESSED, Flag.ENCRYPTED, Flag.FRAG].reduce(
        (set, bit) => (random() < 0.5 ? set | bit : set),
        0,
      );
      const payload = randomBytes(random() < 0.8 ? int(200) : int(4000));
      const sequenceId = int(0x10000);
      const wire = sealMessage({ type: 0, sequenceId }, payload, { flags, sessionKey: key, randomBytes }).map(
        encodePacket,
      );
      // A flipped checksum bit must surface as PACKET/CHECKSUM from openMessage (the seed only logs it).
      const corruptCrc = (flags & Flag.CHECKSUM) !== 0 && random() < 0.5;
      // sealMessage adds FRAG by itself when the packet would not fit, so read the flags off the wire.
      const wireFlags = wire[0]![1]!;
      const crcByte = 6 + (wireFlags & Flag.FRAG ? 2 : 0) + (wireFlags & Flag.ENCRYPTED ? 16 : 0) + int(4);
      const crcBit = 1 << int(8);
      const own = new FragmentReassembler(REASSEMBLY_LIMITS);
      let plaintext: Uint8Array | undefined;
      for (const datagram of wire) {
        if (corruptCrc) datagram[crcByte]! ^= crcBit;
        plaintext = check(datagram, key, now, corruptCrc ? PacketMinor.CHECKSUM : undefined, own);
      }
      if (!corruptCrc && (plaintext === undefined || Buffer.compare(plaintext, payload) !== 0)) {
        fail('a sealed message did not open to its payload', wire[0]!);
      }
    } else {
      const bomb = bombs[int(bombs.length)]!;
      const flags = Flag.COMPRESSED | (random() < 0.5 ? Flag.RELIABLE : 0);
      check(encodePacket({ type: 0, version: 0, flags, sequenceId: int(0x10000), data: bomb }), key, now, 8);
    }
  }
  return report;
}

/** A well-formed datagram of a random type and flag set, built without the codec. */
function generatedDatagram(int: (max: number) => number, randomBytes: (n: number) => Uint8Array): Uint8Array {
  const type = int(5);
  const flags = int(32) << 3;
  const parts: Uint8Array[] = [Uint8Array.of(type, flags, 0, 0, int(256), int(256))];
  if (flags & Flag.FRAG) {
    const count = 1 + int(255);
    parts.push(Uint8Array.of(int(count), count));
  }
  if (flags & Flag.ENCRYPTED) parts.push(randomBytes(16));
  if (flags & Flag.CHECKSUM) parts.push(randomBytes(4));
  if (type === 1) parts.push(Uint8Array.of(0, 0, int(256), int(256), 0, 0, int(256), int(256)));
  if (type === 2) {
    const key = randomBytes(1 + int(120));
    const certificate = randomBytes(int(300));
    parts.push(
      Uint8Array.of(key.length),
      key,
      Uint8Array.of(certificate.length >> 8, certificate.length & 0xff),
    );
    parts.push(certificate);
  }
  if (type === 3) parts.push(Uint8Array.of(int(2)));
  if (type === 4) parts.push(Uint8Array.of([0x00, 0x12, 0x22, 0x39][int(4)]!));
  const encryptedWhole = (flags & Flag.ENCRYPTED) !== 0 && (flags & Flag.FRAG) === 0;
  parts.push(randomBytes(encryptedWhole ? 16 * (1 + int(8)) : int(64)));
  return parts.reduce(concat);
}

function loadCorpus(): {
  datagrams: { bytes: Uint8Array; key: Uint8Array | undefined }[];
  keys: Uint8Array[];
} {
  const vectors = readFixture<{ vectors: { hex: string; session_key: string | null }[] }>(
    'seed-vectors.json',
  );
  const captures = readFixture<{ captures: { sessionKey: string | null; datagrams: { hex: string }[] }[] }>(
    'seed-captures.json',
  );
  const datagrams = [
    ...vectors.vectors.map((vector) => ({ hex: vector.hex, key: vector.session_key })),
    ...captures.captures.flatMap((capture) =>
      capture.datagrams.map(({ hex }) => ({ hex, key: capture.sessionKey })),
    ),
  ].map(({ hex, key }) => ({ bytes: fromHex(hex), key: key === null ? undefined : fromHex(key) }));
  const keys = datagrams.flatMap((datagram) => (datagram.key === undefined ? [] : [datagram.key]));
  return { datagrams, keys };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
