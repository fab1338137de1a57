// The first app's server: one MessageServer reachable over UDP (Node clients) and WebSocket (browsers).
import { MessageServer } from '@paperclip/messages';
import { acceptAnyCertificate, UdpAcceptor, WebSocketAcceptor } from '@paperclip/net';
import { ChatPost, ChatSend, registry } from './messages.ts';

/** Starts the chat server; ports 0 pick free ones. */
export async function startServer(ports: { ws?: number; udp?: number } = {}) {
  const server: MessageServer = new MessageServer({
    registry,
    // Identity comes from the token given at connect. A real app verifies it (e.g. a platform JWT).
    authenticate: async ({ token }) =>
      token ? { ok: true, identity: token } : { ok: false, message: 'Say who you are.' },
    status: () => ({ name: 'First app', version: '1.0.0', players: server.connections.size, games: 0 }),
  });
  server.onMessage(ChatSend, (message, connection) => {
    server.broadcast(ChatPost, { from: String(connection.identity), text: message.text });
  });

  const websocket = new WebSocketAcceptor({ host: '127.0.0.1', port: ports.ws ?? 8080 });
  await server.listen(websocket);
  // Development only: accept any certificate. Production validates it against the platform.
  const udp = new UdpAcceptor({
    host: '127.0.0.1',
    port: ports.udp ?? 40200,
    server: { validator: acceptAnyCertificate },
  });
  await server.listen(udp);
  return { server, websocketUrl: websocket.url, udpAddress: udp.address };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // WS_PORT and UDP_PORT choose other ports (0: a free one); the line below shows the ones it got.
  const { websocketUrl, udpAddress } = await startServer({
    ws: Number(process.env['WS_PORT'] ?? 8080),
    udp: Number(process.env['UDP_PORT'] ?? 40200),
  });
  console.log(`chat server on ${websocketUrl} and udp ${udpAddress}`);
}
