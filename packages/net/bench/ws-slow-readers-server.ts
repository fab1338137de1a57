// Child of ws-slow-readers.ts: a message server on the WebSocket carrier with DEFAULT limits, in its own process
// (own heap, own RSS). It answers the parent's questions over IPC: rss (after gc), connections, buffered bytes.
import { MessageServer } from '@paperclip/messages';
import { WebSocketAcceptor } from '../src/ws/websocket-acceptor.ts';
import { SlowBlob, slowReaderRegistry } from './ws-slow-readers-messages.ts';

const server = new MessageServer({ registry: slowReaderRegistry });
const acceptor = new WebSocketAcceptor();
await server.listen(acceptor);

const blob = new Uint8Array(60_000).fill(7);
let timer: NodeJS.Timeout | undefined;
let sent = 0;

function rssAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().rss;
}

const operations: Record<string, (argument: number) => unknown> = {
  rss: () => rssAfterGc(),
  rssNow: () => process.memoryUsage().rss,
  connections: () => server.connections.size,
  buffered: () => acceptor.bufferedBytes ?? 0,
  evictions: () => acceptor.sendBudget?.evictions ?? 0,
  sent: () => sent,
  blobs: (everyMs) => {
    clearInterval(timer);
    timer = setInterval(() => {
      sent += server.broadcast(SlowBlob, blob);
    }, everyMs);
  },
  stopBlobs: () => clearInterval(timer),
};

process.on('message', (message: { id: number; op: string; argument: number }) => {
  const operation = operations[message.op];
  process.send?.({ id: message.id, result: operation ? operation(message.argument) : undefined });
});
process.on('disconnect', () => {
  clearInterval(timer);
  void server.close().then(() => process.exit(0));
});
process.send?.({ ready: acceptor.url });
