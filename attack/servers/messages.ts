// A message-layer server in its own process, with default limits: `udp` (v0 UDP carrier, encrypted by default)
// or `ws` (WebSocket carrier). It counts every delivered message by (type, tag, n) so the attacker can see
// what got through and what arrived twice; `blobs` makes it push bulk data to every active connection.
import { MessageServer } from '@paperclip/messages';
import { acceptAnyCertificate, UdpAcceptor, WebSocketAcceptor } from '@paperclip/net';
import { heldAfterGc, rssAfterGc, serveParent } from '../support/child.ts';
import { attackRegistry, Blob, Ordered, Unordered, Unreliable } from '../support/message-types.ts';

const carrier = process.argv[2];
const server = new MessageServer({ registry: attackRegistry });
const deliveries = new Map<string, number>();
for (const type of [Unreliable, Unordered, Ordered]) {
  server.onMessage(type, (payload) => {
    const key = `${type.name}/${payload.tag}/${payload.n}`;
    deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
  });
}

let address: string;
if (carrier === 'udp') {
  const acceptor = new UdpAcceptor({ server: { validator: acceptAnyCertificate } });
  await server.listen(acceptor);
  address = acceptor.address;
} else {
  const acceptor = new WebSocketAcceptor();
  await server.listen(acceptor);
  address = acceptor.url;
}

/** Per "type/tag": how many distinct messages arrived, and how many arrivals were repeats. */
function counts(): Record<string, { distinct: number; repeats: number }> {
  const result: Record<string, { distinct: number; repeats: number }> = {};
  for (const [key, times] of deliveries) {
    const group = key.slice(0, key.lastIndexOf('/'));
    const entry = result[group] ?? { distinct: 0, repeats: 0 };
    result[group] = entry;
    entry.distinct++;
    entry.repeats += times - 1;
  }
  return result;
}

let blobTimer: NodeJS.Timeout | undefined;
let blobsSent = 0;
/** Below the WebSocket carrier's 16 kB packet budget, so every blob is sent; 5 per tick. */
const blob = new Uint8Array(12_000).fill(7);

serveParent(
  { address },
  {
    counts: () => counts(),
    rss: () => rssAfterGc(),
    held: () => heldAfterGc(),
    connections: () => server.connections.size,
    blobsSent: () => blobsSent,
    blobs: (everyMs: number) => {
      clearInterval(blobTimer);
      blobTimer = setInterval(() => {
        for (let i = 0; i < 5; i++) blobsSent += server.broadcast(Blob, blob);
      }, everyMs);
    },
    stopBlobs: () => clearInterval(blobTimer),
  },
  async () => {
    clearInterval(blobTimer);
    await server.close();
  },
);
