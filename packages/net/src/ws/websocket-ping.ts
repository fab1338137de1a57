// Ping over WebSocket from Node: the status query in a PING control frame, and a sentence for every way it fails.
import type { MessageError, PingOptions, PingResult, WebSocketLike } from '@paperclip/messages';
import {
  pingFailed,
  pingHostUnknown,
  pingNotPaperclip,
  pingOverLink,
  pingRefused,
  WebSocketLink,
} from '@paperclip/messages';
import { WebSocket } from 'ws';

/** What went wrong below the message layer, as `ws` reported it. */
type SocketCause = { kind: 'http'; status: number } | { kind: 'error'; error: Error };

/** The sentence for a failure `ws` saw before the upgrade completed. */
function describeCause(url: string, cause: SocketCause): MessageError {
  if (cause.kind === 'http') {
    return pingNotPaperclip(
      url,
      `it is an HTTP server that answered ${cause.status} instead of upgrading to WebSocket (is the path right? the platform's is /realtime)`,
    );
  }
  const code = (cause.error as { code?: unknown }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return pingRefused(url);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return pingHostUnknown(url, new URL(url).hostname);
    default:
      // Anything else before the upgrade completed (a parse error, a reset): something that is not an HTTP
      // server speaking WebSocket sits on that port.
      return typeof code === 'string' && code.startsWith('HPE_')
        ? pingNotPaperclip(url, 'it does not speak HTTP')
        : pingFailed(url, cause.error.message.replace(/\.$/, ''));
  }
}

/**
 * Pings a server over WebSocket (unauthenticated; the connection closes right after). Rejects with a
 * MessageError whose message is one sentence: refused or unknown host (UNREACHABLE), an HTTP server that
 * does not upgrade or a port that does not speak HTTP (NOT_PAPERCLIP), no answer in time (TIMEOUT).
 *
 * ```ts
 * const { status } = await pingWebSocket('ws://127.0.0.1:5000/realtime');
 * ```
 */
export async function pingWebSocket(url: string, options: PingOptions = {}): Promise<PingResult> {
  const socket = new WebSocket(url, { maxPayload: 65_536, perMessageDeflate: false });
  let cause: SocketCause | undefined;
  let opened = false;
  socket.on('open', () => {
    opened = true;
  });
  socket.on('unexpected-response', (_request, response) => {
    cause = { kind: 'http', status: response.statusCode ?? 0 };
    response.resume();
    socket.terminate();
  });
  socket.on('error', (error) => {
    if (!opened) cause ??= { kind: 'error', error };
  });
  const link = new WebSocketLink(socket as unknown as WebSocketLike, {
    carrier: 'websocket',
    remoteAddress: url,
  });
  try {
    return await pingOverLink(link, options);
  } catch (error) {
    throw cause === undefined ? error : describeCause(url, cause);
  }
}
