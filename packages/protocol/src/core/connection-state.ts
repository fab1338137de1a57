// The states of one Connection; the handshake's own steps are its HandshakePhase (handshake.ts).

/** Where a connection is in its life. Only the Connection writes it. */
export const ConnectionState = {
  /** The handshake is running (the server counts these against maxHalfOpen). */
  HANDSHAKING: 'handshaking',
  CONNECTED: 'connected',
  /** close() called: draining in-flight reliable messages before DISCONNECT. */
  CLOSING: 'closing',
  CLOSED: 'closed',
} as const;
/** One of {@link ConnectionState}'s values. */
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];
