// WebSocket carrier, Node client side: `ws` sockets wrapped as links, and the connect helper.

import type { CarrierLink } from '@paperclip/messages';
import {
  type ClientConnectionOptions,
  createClientConnection,
  type MessageConnection,
  type WebSocketLike,
  WebSocketLink,
  type WebSocketLinkOptions,
} from '@paperclip/messages';
import { WebSocket } from 'ws';

/** Options of a Node WebSocket client link. */
export interface NodeWebSocketOptions extends WebSocketLinkOptions {
  /** Largest WebSocket message accepted from the server. Default 262_144. */
  maxPayload?: number;
}

/** Opens a `ws` socket to `url` and wraps it as a carrier link. */
export function openWebSocketLink(url: string, options: NodeWebSocketOptions = {}): CarrierLink {
  const socket = new WebSocket(url, { maxPayload: options.maxPayload ?? 262_144, perMessageDeflate: false });
  return new WebSocketLink(
    socket as unknown as WebSocketLike,
    { carrier: 'websocket', remoteAddress: url },
    options,
  );
}

/** Connects a message client over WebSocket. Await `waitForConnection(ms)` before sending. */
export function connectWebSocket(
  url: string,
  options: ClientConnectionOptions & { websocket?: NodeWebSocketOptions },
): MessageConnection {
  return createClientConnection(openWebSocketLink(url, options.websocket), options);
}
