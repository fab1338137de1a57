// Bounded reassembly of FRAG packets into whole messages, keyed by sequence id (one instance per peer).
import { Flag, MAX_FRAGMENT_PAYLOAD, MAX_FRAGMENTS, PacketType } from './constants.ts';
import { FragmentIdError, FragmentNumberError } from './errors.ts';
import type { Packet } from './packet.ts';

/** Limits on what one peer can make us buffer. Every field has a safe default. */
export interface ReassemblyLimits {
  /** Messages being reassembled at once; the oldest is dropped to make room. Default 32. */
  maxPendingMessages?: number;
  /** Bytes one message may reach; a larger declared or actual size is a FRAGMENT_NUMBER error. Default 255 × 988. */
  maxMessageBytes?: number;
  /** Bytes buffered over all pending messages; the oldest are dropped to stay under it. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** A message whose first fragment is older than this is dropped by expire(). Default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Copy each fragment's bytes when it is stored (default true). Pass false only when the datagram buffers the
   * fragments view are never reused; the reassembled message is a fresh buffer either way.
   */
  copyFragments?: boolean;
}

interface PendingMessage {
  first: Packet;
  fragments: (Uint8Array | undefined)[];
  received: number;
  bytes: number;
  deadline: number;
}

/**
 * Collects fragments until a message is complete. Inputs are decoded packets with FRAG set; time is passed in.
 * Duplicated fragments are ignored (first copy wins). Fragments that disagree with the message they claim to
 * belong to are rejected without disturbing it.
 */
export class FragmentReassembler {
  readonly #maxPending: number;
  readonly #maxMessageBytes: number;
  readonly #maxBufferedBytes: number;
  readonly #timeoutMs: number;
  readonly #copyFragments: boolean;
  /** Insertion order = arrival order of first fragments, so the first entry is the oldest. */
  readonly #pending = new Map<number, PendingMessage>();
  #bufferedBytes = 0;

  constructor(limits: ReassemblyLimits = {}) {
    this.#maxPending = positive(limits.maxPendingMessages, 32, 'maxPendingMessages');
    this.#maxMessageBytes = positive(
      limits.maxMessageBytes,
      MAX_FRAGMENTS * MAX_FRAGMENT_PAYLOAD,
      'maxMessageBytes',
    );
    this.#maxBufferedBytes = positive(limits.maxBufferedBytes, 1024 * 1024, 'maxBufferedBytes');
    this.#timeoutMs = positive(limits.timeoutMs, 10_000, 'timeoutMs');
    this.#copyFragments = limits.copyFragments ?? true;
  }

  /** Messages currently being reassembled. */
  get pendingMessages(): number {
    return this.#pending.size;
  }

  /** Payload bytes currently buffered over all pending messages. */
  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  /**
   * Adds one fragment. Returns the whole packet (header of fragment 0, FRAG cleared, data joined) when this
   * fragment completes it, else undefined. The returned data is a fresh copy.
   * @throws FragmentIdError / FragmentNumberError for a fragment that is not FRAG, out of range, inconsistent
   *   with its message, or over the size limits.
   */
  push(now: number, fragment: Packet): Packet | undefined {
    this.expire(now);
    const { fragmentId, fragmentNumber } = fragment;
    if ((fragment.flags & Flag.FRAG) === 0 || fragmentId === undefined || fragmentNumber === undefined) {
      throw new FragmentIdError('Only FRAG packets can be reassembled.');
    }
    if (fragmentNumber < 1 || fragmentNumber > MAX_FRAGMENTS) {
      throw new FragmentNumberError(`Fragment count ${fragmentNumber} is outside 1..${MAX_FRAGMENTS}.`);
    }
    if (fragmentId >= fragmentNumber)
      throw new FragmentIdError(`Fragment id ${fragmentId} ≥ ${fragmentNumber}.`);
    if (fragment.data.length > Math.min(this.#maxMessageBytes, this.#maxBufferedBytes)) {
      throw new FragmentNumberError(`A ${fragment.data.length}-byte fragment exceeds the reassembly limits.`);
    }

    let message = this.#pending.get(fragment.sequenceId);
    if (message === undefined) {
      message = {
        first: fragment,
        fragments: new Array(fragmentNumber),
        received: 0,
        bytes: 0,
        deadline: now + this.#timeoutMs,
      };
      this.#makeRoom(1, fragment.data.length);
      this.#pending.set(fragment.sequenceId, message);
    } else {
      checkSameMessage(message.first, fragment);
      if (message.fragments[fragmentId] !== undefined) return undefined;
      if (message.bytes + fragment.data.length > this.#maxMessageBytes) {
        this.#drop(fragment.sequenceId, message);
        throw new FragmentNumberError(
          `Message ${fragment.sequenceId} grows past ${this.#maxMessageBytes} bytes.`,
        );
      }
      this.#makeRoom(0, fragment.data.length, message);
      if (!this.#pending.has(fragment.sequenceId)) {
        throw new FragmentNumberError(
          `Message ${fragment.sequenceId} does not fit the reassembly byte budget.`,
        );
      }
    }
    // Copy: the fragment's data is usually a view into a datagram buffer the driver may reuse.
    message.fragments[fragmentId] = this.#copyFragments ? fragment.data.slice() : fragment.data;
    message.received += 1;
    message.bytes += fragment.data.length;
    this.#bufferedBytes += fragment.data.length;
    if (fragmentId === 0) message.first = fragment;
    if (message.received < message.fragments.length) return undefined;

    this.#drop(fragment.sequenceId, message);
    const data = new Uint8Array(message.bytes);
    let offset = 0;
    for (const piece of message.fragments) {
      data.set(piece!, offset);
      offset += piece!.length;
    }
    const first = message.first;
    if (first.type === PacketType.DEFAULT) {
      // The common case, built field by field: object rest/spread is a slow runtime path in V8.
      return {
        type: first.type,
        version: first.version,
        flags: first.flags & ~Flag.FRAG,
        sequenceId: first.sequenceId,
        initVector: first.initVector,
        checksum: first.checksum,
        data,
      };
    }
    const { fragmentId: _id, fragmentNumber: _count, ...header } = first;
    return { ...header, flags: header.flags & ~Flag.FRAG, data } as Packet;
  }

  /** Drops every message whose deadline has passed. */
  expire(now: number): void {
    for (const [sequenceId, message] of this.#pending) {
      if (message.deadline > now) break;
      this.#drop(sequenceId, message);
    }
  }

  /** The earliest deadline of a pending message, for the caller's timer; undefined when idle. */
  nextDeadline(): number | undefined {
    for (const message of this.#pending.values()) return message.deadline;
    return undefined;
  }

  /** Evicts oldest messages (never `keep`) until `newMessages` more messages and `newBytes` more bytes fit. */
  #makeRoom(newMessages: number, newBytes: number, keep?: PendingMessage): void {
    for (const [sequenceId, message] of this.#pending) {
      const tooMany = this.#pending.size + newMessages > this.#maxPending;
      const tooBig = this.#bufferedBytes + newBytes > this.#maxBufferedBytes;
      if (!tooMany && !tooBig) return;
      if (message === keep) continue;
      this.#drop(sequenceId, message);
    }
    if (this.#bufferedBytes + newBytes > this.#maxBufferedBytes && keep !== undefined) {
      // Only the message being extended is left and it alone would break the byte budget.
      this.#drop(keep.first.sequenceId, keep);
    }
  }

  #drop(sequenceId: number, message: PendingMessage): void {
    if (this.#pending.get(sequenceId) !== message) return;
    this.#pending.delete(sequenceId);
    this.#bufferedBytes -= message.bytes;
  }
}

function checkSameMessage(first: Packet, fragment: Packet): void {
  if (fragment.fragmentNumber !== first.fragmentNumber) {
    throw new FragmentNumberError(
      `Fragment count ${fragment.fragmentNumber} disagrees with ${first.fragmentNumber} for message ${fragment.sequenceId}.`,
    );
  }
  if (
    fragment.type !== first.type ||
    fragment.flags !== first.flags ||
    fragment.checksum !== first.checksum
  ) {
    throw new FragmentIdError(
      `Fragment ${fragment.fragmentId} does not match the header of message ${fragment.sequenceId}.`,
    );
  }
  const a = first.initVector;
  const b = fragment.initVector;
  if (a !== undefined && b !== undefined && !sameBytes(a, b)) {
    throw new FragmentIdError(
      `Fragment ${fragment.fragmentId} carries a different IV than message ${fragment.sequenceId}.`,
    );
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}.`);
  return value;
}
