// The states of one Connection, shared by the connection and its handshake.

/** Where a connection is in its life. */
export const ConnectionState = {
  /** Client: AUTH sent, waiting for the server's AUTH. */
  AUTH_SENT: 'authSent',
  /** Waiting for the driver's certificate validation result. */
  VALIDATING: 'validating',
  /** Our AUTH/Finished is out; waiting for the peer's Finished. */
  AWAIT_FINISHED: 'awaitFinished',
  CONNECTED: 'connected',
  /** close() called: draining in-flight reliable messages before DISCONNECT. */
  CLOSING: 'closing',
  CLOSED: 'closed',
} as const;
/** One of {@link ConnectionState}'s values. */
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];
