// Which DEFAULT datagrams a connection still takes without the ENCRYPTED flag (finding 5 of issue 14).
import { Flag } from '../wire/constants.ts';

/**
 * What a connection does with an unencrypted DEFAULT datagram after the handshake.
 *
 * v0 encrypts per message (the ENCRYPTED flag), and the flag, like the whole header, is not authenticated:
 * anyone who can send from the peer's address can send a plaintext datagram and have it delivered. A peer that
 * always encrypts (the message layer over UDP) should therefore refuse plaintext.
 * - `'accept'`: every DEFAULT is delivered, encrypted or not (the seed's behaviour; the default).
 * - `'refuse'`: only ENCRYPTED DEFAULTs are delivered; plaintext ones are dropped and counted.
 * - `'refuseAfterEncrypted'`: plaintext is accepted until the first ENCRYPTED message has been opened and
 *   delivered, then refused (for servers that serve plaintext seed peers and encrypting peers side by side).
 */
export type PlaintextPolicy = 'accept' | 'refuse' | 'refuseAfterEncrypted';

/** One connection's plaintext gate: decides before the datagram touches the receive window. */
export class PlaintextGate {
  readonly #policy: PlaintextPolicy;
  /** The peer has sent an encrypted message that opened: from now on it is an encrypted session. */
  #encryptedSeen = false;

  constructor(policy: PlaintextPolicy | undefined) {
    this.#policy = policy ?? 'accept';
  }

  /**
   * False when this DEFAULT datagram must be dropped unread. It is checked before duplicate suppression and
   * ACKs, so an injected datagram neither consumes a sequence id the real peer will use nor draws an ACK.
   */
  admits(flags: number): boolean {
    if ((flags & Flag.ENCRYPTED) !== 0) return true;
    if (this.#policy === 'accept') return true;
    if (this.#policy === 'refuse') return false;
    return !this.#encryptedSeen;
  }

  /** Called after a message was delivered: an ENCRYPTED one switches 'refuseAfterEncrypted' on for good. */
  noteDelivered(flags: number): void {
    if ((flags & Flag.ENCRYPTED) !== 0) this.#encryptedSeen = true;
  }
}
