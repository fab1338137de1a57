// Errors of the Node UDP driver (sockets, addresses, timeouts). Messages are user-facing sentences.

/** The UDP port is already bound by another socket. */
export class AddressInUseError extends Error {
  readonly code = 'PAPERCLIP_ADDRESS_IN_USE';
  constructor(host: string, port: number, options?: ErrorOptions) {
    super(
      `UDP port ${port} on ${host} is already in use; choose another port or stop the other program.`,
      options,
    );
    this.name = 'AddressInUseError';
  }
}

/** The socket could not be bound (bad host, permission, …). */
export class BindError extends Error {
  readonly code = 'PAPERCLIP_BIND_FAILED';
  constructor(host: string, port: number, reason: string, options?: ErrorOptions) {
    super(`Could not open UDP ${host}:${port}: ${reason}.`, options);
    this.name = 'BindError';
  }
}

/** The server's port answered with ICMP "port unreachable" while the client was connecting. */
export class ServerUnreachableError extends Error {
  readonly code = 'PAPERCLIP_SERVER_UNREACHABLE';
  constructor(server: string, options?: ErrorOptions) {
    super(`No Paperclip server is listening at ${server} (the port is closed).`, options);
    this.name = 'ServerUnreachableError';
  }
}

/** A send or receive on an open socket failed; non-fatal, reported on the 'error' event. */
export class SocketError extends Error {
  readonly code = 'PAPERCLIP_SOCKET_ERROR';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SocketError';
  }
}

/** The driver was used in the wrong state (send before connect, listen twice, …). */
export class DriverStateError extends Error {
  readonly code = 'PAPERCLIP_DRIVER_STATE';
  constructor(message: string) {
    super(message);
    this.name = 'DriverStateError';
  }
}

/** Node's errno code of an error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
