// WebSocket carrier for Node: the `ws` server acceptor and the Node client helpers.
export {
  DEFAULT_MAX_BUFFERED_BYTES_TOTAL,
  WebSocketAcceptor,
  type WebSocketAcceptorOptions,
} from './websocket-acceptor.ts';
export {
  connectWebSocket,
  type NodeWebSocketOptions,
  openWebSocketLink,
} from './websocket-client.ts';
export { pingWebSocket } from './websocket-ping.ts';
