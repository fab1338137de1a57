// The seam between the connection state machine and a protocol version's handshake cryptography.
//
// The reliability core never touches keys: a Connection asks its suite for an ephemeral key pair, a session key
// and the Finished value. A v1 suite (X25519 + Ed25519-signed transcript, AEAD, cookies) implements the same
// interface with its own wire packets, so adding it does not change sequencing, acks or retransmission.

/** One side's ephemeral key-agreement key pair for one handshake. */
export interface EphemeralKeyPair {
  /** The public key as it goes on the wire (v0: P-384 SubjectPublicKeyInfo DER, 120 bytes). */
  readonly publicKey: Uint8Array;
  /**
   * Derives the session key from the peer's wire public key.
   * Returns undefined (never throws) when the peer's key is malformed or not on the curve.
   */
  deriveSessionKey(peerPublicKey: Uint8Array): Uint8Array | undefined;
}

/** The cryptography of one protocol version's handshake. */
export interface HandshakeSuite {
  /** Protocol version nibble this suite belongs to. */
  readonly version: number;
  /** A fresh ephemeral key pair; `randomBytes` supplies the private key so tests are deterministic. */
  generateKeyPair(randomBytes: (length: number) => Uint8Array): EphemeralKeyPair;
  /** The Finished value this side sends once it holds the session key. */
  finished(sessionKey: Uint8Array): Uint8Array;
  /** Constant-time check of the peer's Finished value. */
  verifyFinished(sessionKey: Uint8Array, received: Uint8Array): boolean;
}
