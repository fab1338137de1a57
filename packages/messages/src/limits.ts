// Hostile-input limits and timeouts of a message connection: every one is an option with a safe default.
import { DEFAULT_PAYLOAD_LIMITS, type PayloadLimits } from './payload-codec.ts';

/** Limits applied to what a peer sends, plus the connection's timeouts. */
export interface MessageLimits {
  /** Largest payload of one message, in bytes (checked on send and on receive). Default 65_536. */
  maxMessageBytes: number;
  /** Most frames in one received packet. Default 1024. */
  maxFramesPerPacket: number;
  /** Most reliable-ordered messages held while waiting for a missing earlier one. Default 1024. */
  maxOutOfOrder: number;
  /**
   * Replay window of reliable-unordered frames, in frame numbers (a power of two, 32..2^20): each number is
   * delivered once, and one further behind the newest is dropped as too old. Default 16_384 (2 KiB).
   */
  reliableUnorderedWindow: number;
  /** The same for unreliable frames. Default 1024. */
  unreliableWindow: number;
  /** Unreliable-sequenced message ids whose newest sequence is remembered. Default 4096. */
  maxSequencedStreams: number;
  /** Most application messages held while the handshake finishes. Default 64. */
  maxEarlyMessages: number;
  /** Invalid payloads (or unknown ids) tolerated from one peer before the connection closes. Default 16. */
  maxInvalidPayloads: number;
  /** Most entries a server's registry may have for a client to accept it. Default 4096. */
  maxRegistryEntries: number;
  /** Longest connect token, in UTF-16 code units. Default 8192. */
  maxTokenLength: number;
  /** Time allowed from link open to active. Default 10_000 ms. */
  handshakeTimeoutMs: number;
  /** Time allowed for a graceful close before the connection is dropped anyway. Default 5_000 ms. */
  closeTimeoutMs: number;
  /** Bounds on decoded msgpack payloads. */
  payload: PayloadLimits;
}

/** Safe defaults for {@link MessageLimits}. */
export const DEFAULT_MESSAGE_LIMITS: MessageLimits = {
  maxMessageBytes: 65_536,
  maxFramesPerPacket: 1024,
  maxOutOfOrder: 1024,
  reliableUnorderedWindow: 16_384,
  unreliableWindow: 1024,
  maxSequencedStreams: 4096,
  maxEarlyMessages: 64,
  maxInvalidPayloads: 16,
  maxRegistryEntries: 4096,
  maxTokenLength: 8192,
  handshakeTimeoutMs: 10_000,
  closeTimeoutMs: 5_000,
  payload: DEFAULT_PAYLOAD_LIMITS,
};

/** Options form: any subset, with payload limits also partial. */
export type MessageLimitOptions = Partial<Omit<MessageLimits, 'payload'>> & {
  payload?: Partial<PayloadLimits>;
};

/** Fills in defaults. */
export function resolveLimits(options: MessageLimitOptions = {}): MessageLimits {
  return {
    ...DEFAULT_MESSAGE_LIMITS,
    ...options,
    payload: { ...DEFAULT_PAYLOAD_LIMITS, ...options.payload },
  };
}
