// Node carriers for the message layer: the UDP adapter and the UDP status ping.
export {
  connectUdp,
  UDP_MAX_PACKET_BYTES,
  UDP_MAX_RELIABLE_PACKET_BYTES,
  UdpAcceptor,
  type UdpAcceptorOptions,
  type UdpCarrierOptions,
  UdpClientLink,
} from './udp-carrier.ts';
export { pingUdp } from './udp-ping.ts';
