// What a Connection needs from its Endpoint: outputs, shared limits and counters (keeps Connection testable alone).
import type { HandshakeSuite } from '../crypto/handshake-suite.ts';
import type { PacketError, PaperclipError } from '../wire/errors.ts';
import type { Packet } from '../wire/packet.ts';
import type { SessionCipher } from '../wire/session-cipher.ts';
import type { Connection } from './connection.ts';
import type { Address, ResolvedEndpointOptions } from './endpoint-options.ts';
import type { EndpointEvent, EndpointStats } from './events.ts';

/** Services the Endpoint provides to each of its connections. */
export interface ConnectionHost {
  readonly options: ResolvedEndpointOptions;
  readonly stats: EndpointStats;
  readonly suite: HandshakeSuite;
  /** Queue one datagram for the driver. */
  transmit(to: Address, datagram: Uint8Array): void;
  /** Queue one application event. */
  emit(event: EndpointEvent): void;
  /** Emit a validateCertificate event for this connection and remember the request id. */
  requestValidation(connection: Connection, certificate: Uint8Array): void;
  /** This connection owes ACKs; flush them before the next datagram goes out. */
  ackPending(connection: Connection): void;
  /** Decrypt/inflate/check one whole packet with the endpoint's limits. Throws PacketError. */
  openMessage(packet: Packet, cipher: SessionCipher | undefined): Uint8Array;
  /** Count a malformed datagram by its minor code. */
  countMalformed(error: PacketError): void;
  /** The connection is over (`local`: our own close() finished); report it and forget the peer. */
  connectionEnded(connection: Connection, reason: PaperclipError, local: boolean): void;
}
