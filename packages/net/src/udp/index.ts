// The Node UDP driver: Server and Client over node:dgram, bound to the sans-IO core.
export { AddressFormatError, formatAddress, type HostPort, parseAddress, toHostPort } from './address.ts';
export { Client, type ClientEvents, type ClientOptions, type DisconnectReason } from './client.ts';
export type { DriverStats, EndpointTuning } from './endpoint-driver.ts';
export { FlagFormatError, type FlagInput, flagNames, parseFlags } from './flags.ts';
export { Server, type ServerEvents, type ServerOptions } from './server.ts';
export {
  AddressInUseError,
  BindError,
  DriverStateError,
  ServerUnreachableError,
  SocketError,
  UdpErrors,
} from './udp-errors.ts';
