// What a Connection tells its Endpoint (quinn-proto's EndpointEvent), drained by the Endpoint after each input.
import type { PaperclipError } from '../wire/errors.ts';

/**
 * One message up from a Connection to its Endpoint. Named apart from the application's `EndpointEvent`, which
 * goes out to the driver. The Endpoint answers by calling the connection's inputs; the two hold no
 * references to each other's state.
 */
export type EndpointSignal =
  /** ACKs are owed: the endpoint calls flushAcks() before its next datagram goes out. */
  | { readonly type: 'ackOwed' }
  /** Ask the driver to validate this certificate (a 'validateCertificate' event with a fresh request id). */
  | { readonly type: 'validate'; readonly certificate: Uint8Array }
  /** The connection is over (`local`: our own close() finished it); report it and forget the peer. */
  | { readonly type: 'ended'; readonly reason: PaperclipError; readonly local: boolean };

/** The one 'ackOwed' signal: it carries nothing, so the receive hot path allocates none. */
export const ACK_OWED: EndpointSignal = Object.freeze({ type: 'ackOwed' });
