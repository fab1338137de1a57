// Client-side adapters for the bench: one "link" interface over a Paperclip Client, a raw dgram socket, or ws.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import WebSocket from 'ws';
import { acceptAnyCertificate } from '../src/certs/validators.ts';
import { Client } from '../src/udp/client.ts';

/** A connected echo link: send payloads, hear echoes. */
export interface BenchLink {
  send(payload: Uint8Array): void;
  onEcho(listener: (payload: Uint8Array) => void): void;
  close(): Promise<void>;
}

/** Paperclip v0 client to `address` sending with `flags`; `certificate` reused across runs to skip RSA keygen. */
export async function paperclipLink(
  address: string,
  flags: number,
  certificate: Uint8Array,
): Promise<BenchLink> {
  const client = new Client({
    certificate,
    validator: acceptAnyCertificate,
    closeTimeoutMs: 500,
    maxQueuedMessages: 65_536,
  });
  await client.connect(address);
  return {
    send: (payload) => client.send(payload, flags),
    onEcho: (listener) => client.on('data', (_peer, data) => listener(data)),
    close: () => client.close(),
  };
}

/** Raw node:dgram socket to an echo server (the lower bound: no protocol at all). */
export async function dgramLink(address: string): Promise<BenchLink> {
  const [host, port] = splitAddress(address);
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  for (const set of [socket.setRecvBufferSize, socket.setSendBufferSize]) set.call(socket, 1 << 20);
  await new Promise<void>((resolve) => socket.connect(port, host, resolve));
  return {
    send: (payload) => socket.send(payload),
    onEcho: (listener) => socket.on('message', (data) => listener(data)),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** A ws WebSocket (TCP: reliable, ordered, unencrypted) to an echo server. */
export async function wsLink(address: string): Promise<BenchLink> {
  const ws = new WebSocket(`ws://${address}`, { perMessageDeflate: false });
  await once(ws, 'open');
  return {
    send: (payload) => ws.send(payload, { binary: true }),
    onEcho: (listener) => ws.on('message', (data: Buffer) => listener(data)),
    close: async () => {
      const closed = once(ws, 'close');
      ws.close();
      await closed;
    },
  };
}

/** "host:port" → [host, port]. */
export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}
