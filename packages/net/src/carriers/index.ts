// Node carriers for the message layer: the UDP adapter, the UDP status ping and its server-side answerer.

export {
  DEFAULT_PING_BURST,
  DEFAULT_PING_RATE_PER_SECOND,
  type PingAnswerSource,
  type PingRateLimit,
  pingInterceptor,
} from './ping-interceptor.ts';
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
