// Carriers for the message layer: the contract, in-memory, WebSocket link and the UDP adapter (Node only).
export type { AcceptorHooks, CarrierAcceptor, CarrierLink, LinkHandlers, LinkInfo } from './carrier.ts';
export { type MemoryLinkConditions, MemoryNetwork } from './memory-carrier.ts';
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
export { type WebSocketLike, WebSocketLink, type WebSocketLinkOptions } from './websocket-link.ts';
