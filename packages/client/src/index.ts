// Public API of @paperclip/client: the typed message layer over the browser's WebSocket (no Node built-ins).
import {
  type ClientConnectionOptions,
  createClientConnection,
  type MessageConnection,
  type PingOptions,
  type PingResult,
  pingOverLink,
  type WebSocketLike,
  WebSocketLink,
  type WebSocketLinkOptions,
} from '@paperclip/messages';

export * from '@paperclip/messages';

type WebSocketConstructor = new (url: string) => WebSocketLike;

function openBrowserLink(url: string, options: WebSocketLinkOptions = {}): WebSocketLink {
  const WebSocketClass = (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketClass)
    throw new Error('This environment has no WebSocket; @paperclip/client needs a browser.');
  return new WebSocketLink(new WebSocketClass(url), { carrier: 'websocket', remoteAddress: url }, options);
}

/**
 * Connects to a Paperclip server over WebSocket (use wss:// in production: TLS gives confidentiality;
 * `token` gives identity). Await `waitForConnection(ms)` before sending.
 */
export function connect(
  url: string,
  options: ClientConnectionOptions & { websocket?: WebSocketLinkOptions },
): MessageConnection {
  return createClientConnection(openBrowserLink(url, options.websocket), options);
}

/** Pings a server over WebSocket: its status (name, version, players, games) and the round-trip time. */
export function ping(url: string, options: PingOptions = {}): Promise<PingResult> {
  return pingOverLink(openBrowserLink(url), options);
}
