// The UDP driver's error catalogue (PC_UDP_*): sockets, addresses, flags and driver state. Messages are sentences.
import { defineErrors } from '@paperclip/protocol';

/** Every error the Node UDP driver throws or reports, as `defineErrors` classes with `PC_UDP_*` codes. */
export const UdpErrors = defineErrors('PC_UDP', 'UDP driver (@paperclip/net)', {
  ADDRESS_IN_USE: {
    message: (d: { host: string; port: number }) =>
      `UDP port ${d.port} on ${d.host} is already in use; choose another port or stop the other program.`,
    doc: '`listen()` or `connect()` could not bind: another socket holds the port (EADDRINUSE).',
  },
  BIND: {
    message: (d: { host: string; port: number; reason: string }) =>
      `Could not open UDP ${d.host}:${d.port}: ${d.reason}.`,
    doc: 'The socket could not be bound for another reason (bad host, permission, closed while opening).',
  },
  SERVER_UNREACHABLE: {
    message: (d: { server: string }) =>
      `No Paperclip server is listening at ${d.server} (the port is closed).`,
    doc: 'ICMP "port unreachable" arrived while the client was connecting.',
  },
  SOCKET: {
    message: 'A UDP send or receive failed.',
    doc: "A send or receive on an open socket failed; non-fatal, reported on the 'error' event.",
  },
  DRIVER_STATE: {
    message: 'The UDP driver cannot do that in its current state.',
    doc: 'The driver was used in the wrong state (send before connect, listen twice, …).',
  },
  ADDRESS_FORMAT: {
    message: (d: { text: string }) => `"${d.text}" is not a host:port address (IPv6 as [::1]:40100).`,
    doc: '`parseAddress()` was given text that is not `host:port` or `[v6]:port`.',
  },
  FLAG_FORMAT: {
    message: (d: { what: string }) =>
      `${d.what} is not a Paperclip flag; use RELIABLE, CHECKSUM, COMPRESSED, ENCRYPTED or FRAG.`,
    doc: '`parseFlags()` was given an unknown flag name or bit.',
  },
});

/** PC_UDP_ADDRESS_IN_USE: the UDP port is already bound by another socket. */
export const AddressInUseError = UdpErrors.ADDRESS_IN_USE;
export type AddressInUseError = InstanceType<typeof AddressInUseError>;

/** PC_UDP_BIND: the socket could not be bound (bad host, permission, …). */
export const BindError = UdpErrors.BIND;
export type BindError = InstanceType<typeof BindError>;

/** PC_UDP_SERVER_UNREACHABLE: the server's port answered ICMP "port unreachable" while connecting. */
export const ServerUnreachableError = UdpErrors.SERVER_UNREACHABLE;
export type ServerUnreachableError = InstanceType<typeof ServerUnreachableError>;

/** PC_UDP_SOCKET: a send or receive on an open socket failed; non-fatal, reported on the 'error' event. */
export const SocketError = UdpErrors.SOCKET;
export type SocketError = InstanceType<typeof SocketError>;

/** PC_UDP_DRIVER_STATE: the driver was used in the wrong state (send before connect, listen twice, …). */
export const DriverStateError = UdpErrors.DRIVER_STATE;
export type DriverStateError = InstanceType<typeof DriverStateError>;

/** Node's errno code of an error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
