// WebSocket clients for the attack suite: raw upgrades that never say HELLO, and message-layer clients from a
// chosen source address that can stop reading.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import {
  createClientConnection,
  type MessageConnection,
  type WebSocketLike,
  WebSocketLink,
} from '@paperclip/messages';
import WebSocket from 'ws';
import { attackRegistry } from './message-types.ts';

/**
 * Opens a TCP connection from `from`, upgrades it to WebSocket and then says nothing (no HELLO).
 * Resolves true once the server answered 101, false if it refused or closed first.
 */
export function idleUpgrade(url: string, from: string, sockets: Set<Socket>): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress: from });
    sockets.add(socket);
    let answer = '';
    const done = (upgraded: boolean) => {
      socket.removeAllListeners('data');
      resolve(upgraded);
    };
    socket.on('error', () => done(false));
    socket.on('close', () => {
      sockets.delete(socket);
      done(false);
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('HTTP/1.1 101'));
    });
    socket.on('connect', () => {
      socket.write(
        `GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  });
}

/** A message-layer client over `ws` from a chosen source address; `stopReading()` pauses its TCP socket. */
export interface WsClient {
  connection: MessageConnection;
  stopReading(): void;
  destroy(): void;
}

export function wsClient(url: string, from = '127.0.0.1'): WsClient {
  const socket = new WebSocket(url, { perMessageDeflate: false, localAddress: from, maxPayload: 262_144 });
  socket.on('error', () => {});
  const link = new WebSocketLink(socket as unknown as WebSocketLike, {
    carrier: 'websocket',
    remoteAddress: url,
  });
  const connection = createClientConnection(link, { registry: attackRegistry });
  connection.on('error', () => {});
  const tcp = () => (socket as unknown as { _socket?: Socket })._socket;
  return {
    connection,
    stopReading: () => tcp()?.pause(),
    destroy: () => {
      socket.terminate();
    },
  };
}

/** Connects a fresh client from `from`; true if its handshake finished within `ms`. */
export async function wsConnects(url: string, from: string, ms = 3000): Promise<boolean> {
  const client = wsClient(url, from);
  try {
    await client.connection.waitForConnection(ms);
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}
