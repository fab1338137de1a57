// Bench child process: one echo server (paperclip | dgram | ws) on 127.0.0.1; prints "READY <port>", stops by itself.
//   tsx packages/net/bench/echo-server-process.ts <kind> [maxSeconds]
import { createSocket } from 'node:dgram';
import { WebSocketServer } from 'ws';
import { acceptAnyCertificate } from '../src/certs/validators.ts';
import { Server } from '../src/udp/server.ts';
import { stampReceipt } from './bench-clock.ts';

const kind = process.argv[2];
const maxSeconds = Number(process.argv[3] ?? 600);
let stop: () => Promise<void> = async () => {};

if (kind === 'paperclip') {
  const server = new Server({
    validator: acceptAnyCertificate,
    closeTimeoutMs: 500,
    maxQueuedMessages: 65_536,
  });
  server.on('data', (peer, data, flags) => {
    stampReceipt(data);
    try {
      server.send(peer, data, flags);
    } catch {
      // Peer gone or queue full: an echo server drops, the client counts it as lost.
    }
  });
  const { port } = await server.listen(0, '127.0.0.1');
  stop = () => server.close();
  console.log(`READY ${port}`);
} else if (kind === 'dgram') {
  const socket = createSocket('udp4');
  socket.on('message', (data, info) => {
    stampReceipt(data);
    socket.send(data, info.port, info.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  for (const set of [socket.setRecvBufferSize, socket.setSendBufferSize]) set.call(socket, 1 << 20);
  stop = () => new Promise((resolve) => socket.close(() => resolve()));
  console.log(`READY ${socket.address().port}`);
} else if (kind === 'ws') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      stampReceipt(data);
      ws.send(data, { binary: true });
    });
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  stop = () =>
    new Promise((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    });
  const address = wss.address();
  console.log(`READY ${typeof address === 'object' && address !== null ? address.port : address}`);
} else {
  console.error('usage: echo-server-process.ts paperclip|dgram|ws [maxSeconds]');
  process.exit(2);
}

// Stop when the parent closes our stdin (or dies), on SIGTERM, or after maxSeconds at the latest.
const deadline = setTimeout(() => void shutdown(), maxSeconds * 1000);
process.stdin.on('end', () => void shutdown());
process.stdin.on('error', () => void shutdown());
process.stdin.resume();
process.on('SIGTERM', () => void shutdown());

async function shutdown(): Promise<void> {
  clearTimeout(deadline);
  await stop();
  process.exit(0);
}
