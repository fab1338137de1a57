// Endpoint options with their safe defaults: every limit on hostile input lives here.
import type { HandshakeSuite } from '../crypto/handshake-suite.ts';
import { v0HandshakeSuite } from '../crypto/v0-handshake.ts';
import { MAX_FRAGMENT_PAYLOAD, MAX_FRAGMENTS } from '../wire/constants.ts';
import type { PlaintextPolicy } from './plaintext-policy.ts';

/** "host:port" string, e.g. "127.0.0.1:40100" (IPv6: "[::1]:40100"). The core treats it as an opaque key. */
export type Address = string;

/** Options of an {@link Endpoint}. Everything but role, certificate and randomBytes has a safe default. */
export interface EndpointOptions {
  role: 'server' | 'client';
  /** Our X.509 certificate, DER, sent in AUTH (<= 895 bytes so AUTH fits the seed's 1024-byte receive buffer). */
  certificate: Uint8Array;
  /** Randomness source for IVs and ephemeral ECDH private keys. Must be cryptographically strong in production. */
  randomBytes: (length: number) => Uint8Array;
  /**
   * Server: seats, i.e. peers that completed the handshake (half-open handshakes never take one). An AUTH while
   * every seat is taken, or a Finished that arrives then, gets ERROR CONNECTION/NO_SPACE. Default 4096.
   */
  maxClients?: number;
  /** Server: ping a peer idle longer than this. Default 30 000 ms (the seed's HEARTBEAT_MIN_TIME). */
  heartbeatMinMs?: number;
  /** Server: drop a peer idle longer than this. Default 120 000 ms (the seed's HEARTBEAT_MAX_TIME). */
  heartbeatMaxMs?: number;
  /** A handshake not finished within this time is abandoned (server: half-open state freed). Default 10 000 ms. */
  handshakeTimeoutMs?: number;
  /**
   * Server: cap on concurrent half-open handshakes, apart from maxClients. A new AUTH beyond it evicts the oldest
   * half-open handshake (so a table full of spoofed ones cannot keep a real client out). Default 256.
   */
  maxHalfOpen?: number;
  /** Server: new handshakes per second per source (IPv4 host, IPv6 /64; WireGuard's 20/s); excess dropped. Default 20. */
  handshakeRatePerSecond?: number;
  /** Server: handshakes a source IP may start at once before the rate applies. Default 5. */
  handshakeBurst?: number;
  /** Server: source IPs (rate limit) and answered addresses remembered; the least recent go first. Default 16384. */
  maxTrackedSources?: number;
  /**
   * Server: bytes per second (burst: one second's worth) we may send to addresses that have not completed a
   * handshake (AUTH replies, certificate refusals, NO_SPACE). AUTHs beyond it are dropped unanswered. Default 512 KiB.
   */
  unvalidatedSendBytesPerSecond?: number;
  /** Reliable datagrams in flight (sent, not yet acknowledged) per peer. Default 256. */
  maxInFlight?: number;
  /** Messages waiting for room in the in-flight window per peer before send() throws. Default 4096. */
  maxQueuedMessages?: number;
  /**
   * Retransmission timeout bounds (RFC 6298 style). Defaults 30 ms / 10 000 ms (a game-sized floor, like
   * KCP's nodelay mode; TCP's 1 s floor would stall a game for a whole second per loss); initial RTO 1 000 ms.
   */
  minRtoMs?: number;
  maxRtoMs?: number;
  initialRtoMs?: number;
  /** After this many retransmissions of one reliable message without an ACK the peer is dropped. Default 12. */
  maxRetransmissions?: number;
  /**
   * Resend a reliable message at once, before its timer, after this many ACKs of later messages did not
   * cover it (KCP's fastresend; at most once per message). Default 2; 0 turns fast retransmit off.
   */
  fastRetransmitAcks?: number;
  /** Fragment reassembly: incomplete messages per peer, bytes per message, timeout. */
  maxPendingFragmentedMessages?: number;
  maxMessageBytes?: number;
  fragmentTimeoutMs?: number;
  /** Cap on the inflated size of a COMPRESSED message. Default = maxMessageBytes. */
  maxInflatedBytes?: number;
  /** close(): longest wait for outstanding ACKs before DISCONNECT is sent and 'closed' emitted. Default 2 000 ms. */
  closeTimeoutMs?: number;
  /** Minimum gap between two ERROR PACKET/<minor> replies to the same peer (no reflection). Default 1 000 ms. */
  errorReplyIntervalMs?: number;
  /** Events waiting in pollEvent() and datagrams waiting in pollTransmit() before the oldest are dropped. */
  maxPendingEvents?: number;
  maxPendingTransmits?: number;
  /** Handshake cryptography; default the seed-compatible v0 suite (P-384 ECDH, HKDF-SHA256, HMAC Finished). */
  handshakeSuite?: HandshakeSuite;
  /** Server: replies to addresses that are not peers (NO_SPACE) per second, over all addresses. Default 64. */
  maxStrangerRepliesPerSecond?: number;
  /**
   * The driver hands each datagram to handleDatagram for good (it never reuses or mutates the buffer), so
   * unencrypted payloads and fragments can reach the application as views of it without a copy. Default false:
   * the core copies. node:dgram allocates a fresh buffer per datagram, so the UDP driver sets it.
   */
  ownsReceivedDatagrams?: boolean;
  /** Unencrypted DEFAULT datagrams after the handshake (see plaintext-policy.ts). Default 'accept' (the seed's). */
  plaintextPolicy?: PlaintextPolicy;
  /**
   * Server: joined peers one account may hold (anonymous peers are not limited). One more is refused with
   * ERROR CONNECTION/NO_SPACE when its certificate validates, and again if its Finished arrives. Default Infinity.
   */
  maxPeersPerAccount?: number;
}

/** Options with every default filled in. */
export type ResolvedEndpointOptions = Required<EndpointOptions>;

/** Fills in defaults and rejects nonsensical values with a clear message. */
export function resolveEndpointOptions(options: EndpointOptions): ResolvedEndpointOptions {
  const maxMessageBytes = options.maxMessageBytes ?? MAX_FRAGMENTS * MAX_FRAGMENT_PAYLOAD;
  const resolved: ResolvedEndpointOptions = {
    maxClients: 4096,
    heartbeatMinMs: 30_000,
    heartbeatMaxMs: 120_000,
    handshakeTimeoutMs: 10_000,
    maxHalfOpen: 256,
    handshakeRatePerSecond: 20,
    handshakeBurst: 5,
    maxTrackedSources: 16_384,
    unvalidatedSendBytesPerSecond: 512 * 1024,
    maxInFlight: 256,
    maxQueuedMessages: 4096,
    minRtoMs: 30,
    maxRtoMs: 10_000,
    initialRtoMs: 1_000,
    maxRetransmissions: 12,
    fastRetransmitAcks: 2,
    maxPendingFragmentedMessages: 32,
    fragmentTimeoutMs: 10_000,
    maxInflatedBytes: maxMessageBytes,
    closeTimeoutMs: 2_000,
    errorReplyIntervalMs: 1_000,
    maxPendingEvents: 65_536,
    maxPendingTransmits: 65_536,
    handshakeSuite: v0HandshakeSuite,
    maxStrangerRepliesPerSecond: 64,
    ownsReceivedDatagrams: false,
    plaintextPolicy: 'accept',
    maxPeersPerAccount: Number.POSITIVE_INFINITY,
    ...stripUndefined(options),
    role: options.role,
    certificate: options.certificate,
    randomBytes: options.randomBytes,
    maxMessageBytes,
  };
  if (resolved.certificate.length > 895) {
    throw new RangeError(
      `The certificate is ${resolved.certificate.length} bytes; v0 AUTH allows at most 895 so it fits one datagram.`,
    );
  }
  for (const key of [
    'heartbeatMinMs',
    'heartbeatMaxMs',
    'handshakeTimeoutMs',
    'minRtoMs',
    'maxRtoMs',
  ] as const) {
    if (!(resolved[key] > 0))
      throw new RangeError(`Option ${key} must be a positive number of milliseconds.`);
  }
  if (resolved.maxInFlight < 1) throw new RangeError('Option maxInFlight must be at least 1.');
  for (const key of [
    'maxHalfOpen',
    'handshakeRatePerSecond',
    'handshakeBurst',
    'maxTrackedSources',
    'unvalidatedSendBytesPerSecond',
  ] as const) {
    if (!(resolved[key] > 0)) throw new RangeError(`Option ${key} must be a positive number.`);
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
