// The sans-IO Paperclip v0 endpoint: many peers keyed by address; datagrams, time and randomness come in from a driver.
//
// Deviations from /tmp/core-api.md (all additive):
// - extra options (see endpoint-options.ts) and extra EndpointStats counters;
// - close(now, peer) on a server ends with that peer's 'clientLeave', not 'closed' ('closed' is for the whole endpoint).
import type { Address, EndpointOptions } from './endpoint-options.ts';
import type { CertificateValidationResult, EndpointEvent, EndpointStats } from './events.ts';
import { createEndpointStats } from './events.ts';

export type { Address, EndpointOptions } from './endpoint-options.ts';
export type { CertificateValidationResult, EndpointEvent, EndpointStats } from './events.ts';

/**
 * One Paperclip v0 endpoint (server: many peers; client: one server).
 *
 * Call order after any input (`connect`, `handleDatagram`, `handleTimeout`, `send`, `close`,
 * `completeCertificateValidation`): drain `pollTransmit()` until undefined → drain `pollEvent()` →
 * re-arm one timer with `pollTimeout()` and call `handleTimeout(now)` when it fires.
 */
export class Endpoint {
  /** Counters: datagrams in/out, malformed by minor code, retransmissions, duplicates suppressed, … */
  readonly stats: EndpointStats = createEndpointStats();
  readonly #options: EndpointOptions;

  constructor(options: EndpointOptions) {
    this.#options = options;
  }

  /** Client role: start a handshake with the server (sends AUTH). */
  connect(_now: number, _server: Address): void {
    void this.#options;
  }

  /** Feed one received datagram. Never throws for any input bytes. */
  handleDatagram(_now: number, _from: Address, _datagram: Uint8Array): void {}

  /** Call when `now >= pollTimeout()`. */
  handleTimeout(_now: number): void {}

  /** Queue an application message (Flag bits; FRAG is added automatically). Throws NotConnectedError etc. */
  send(_now: number, _to: Address, _payload: Uint8Array, _flags: number): void {}

  /** Graceful, bounded close of the endpoint (or of one server peer). */
  close(_now: number, _peer?: Address): void {}

  /** Answer a 'validateCertificate' event. Unknown or stale request ids are ignored. */
  completeCertificateValidation(
    _now: number,
    _requestId: number,
    _result: CertificateValidationResult,
  ): void {}

  /** Next datagram to send, or undefined. */
  pollTransmit(): { to: Address; datagram: Uint8Array } | undefined {
    return undefined;
  }

  /** Next application event, or undefined. */
  pollEvent(): EndpointEvent | undefined {
    return undefined;
  }

  /** Absolute time (same clock as `now`) of the next timer, or undefined when nothing is pending. */
  pollTimeout(): number | undefined {
    return undefined;
  }
}
