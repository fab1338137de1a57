// Finding 7: slow WebSocket readers. 60 clients finish HELLO and stop reading while the server broadcasts 5 × 12 kB
// every 10 ms; server RSS before, at the peak, and after they are gone.
//
// The baseline is warm: before the slow readers come, the same server serves 60 normal (reading) clients the same
// broadcast for 2 s and they leave, so one-time costs (code compiled, the allocator's first arenas, ws' per-socket
// machinery) are not charged to the slow readers. "After" is sampled once the server holds no connection and a full
// GC has run. RSS and what JavaScript holds (heap + external) are reported separately: RSS that is not returned while
// JS holds nothing is memory glibc malloc keeps in its heap (see docs/ATTACK.md, finding 7), not a leak.
// The checked figures are for Node's default allocator (glibc malloc). Where Debian's jemalloc is installed, the same
// measurement runs again with it preloaded and prompt decay, the deployment setting docs/ATTACK.md recommends (info).
import { existsSync } from 'node:fs';
import { startChild } from '../support/child.ts';
import { atMost, info, pause, type Scenario } from '../support/scenario.ts';
import { type WsClient, wsClient } from '../support/websocket.ts';

const READERS = 60;
const MiB = 2 ** 20;

type Server = Awaited<ReturnType<typeof startChild<{ address: string }>>>;

/** 60 clients from 127.0.0.150–179 (the per-address cap is 32); `slow` ones pause their TCP socket once connected. */
async function connectClients(server: Server, slow: boolean): Promise<WsClient[]> {
  const clients: WsClient[] = [];
  for (let i = 0; i < READERS; i++) {
    const client = wsClient(server.ready.address, `127.0.0.${150 + (i % 30)}`);
    clients.push(client);
    await client.connection.waitForConnection(5000);
    if (slow) client.stopReading();
  }
  return clients;
}

/** Destroys the clients and waits (bounded) until the server has let go of every connection. */
async function leave(server: Server, clients: WsClient[]): Promise<void> {
  for (const client of clients) client.destroy();
  for (let i = 0; i < 50 && (await server.ask<number>('connections')) > 0; i++) await pause(100);
}

/** One run against a fresh server process started with `env`; sizes in bytes. */
interface Figures {
  cold: number;
  before: number;
  peak: number;
  after: number;
  heldPeak: number;
  heldAfter: number;
  stillOpen: number;
  blobs: number;
}

async function measure(env: Record<string, string> = {}): Promise<Figures> {
  const server = await startChild<{ address: string }>('servers/messages.ts', ['ws'], env);
  let readers: WsClient[] = [];
  try {
    const cold = await server.ask<number>('rss');
    readers = await connectClients(server, false);
    await server.ask('blobs', 10);
    await pause(2000);
    await server.ask('stopBlobs');
    await leave(server, readers);
    await pause(1000);
    const before = await server.ask<number>('rss');
    const heldBefore = await server.ask<number>('held');

    readers = await connectClients(server, true);
    await server.ask('blobs', 10);
    let peak = before;
    let heldPeak = heldBefore;
    for (let i = 0; i < 10; i++) {
      await pause(500);
      peak = Math.max(peak, await server.ask<number>('rss'));
      heldPeak = Math.max(heldPeak, await server.ask<number>('held'));
    }
    const stillOpen = await server.ask<number>('connections');
    const blobs = await server.ask<number>('blobsSent');
    await server.ask('stopBlobs');
    await leave(server, readers);
    await pause(2000);
    const after = await server.ask<number>('rss');
    const heldAfter = await server.ask<number>('held');
    return {
      cold,
      before,
      peak,
      after,
      heldPeak: heldPeak - heldBefore,
      heldAfter: heldAfter - heldBefore,
      stillOpen,
      blobs,
    };
  } finally {
    for (const reader of readers) reader.destroy();
    await server.close();
  }
}

/** Debian's jemalloc, if installed; returns memory to the system after `dirty_decay_ms`. */
const jemalloc = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';
const jemallocEnv = {
  LD_PRELOAD: jemalloc,
  MALLOC_CONF: 'background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0',
};

export const slowReaders: Scenario = {
  finding: 7,
  name: 'slow WebSocket readers',
  async run() {
    const glibc = await measure();
    const figures = [
      info('server RSS warm before', glibc.before / MiB, 'MiB', `cold ${(glibc.cold / MiB).toFixed(0)} MiB`),
      info(
        'JS heap + external at the peak, above before',
        glibc.heldPeak / MiB,
        'MiB',
        'what JavaScript holds for the readers',
      ),
      // The carrier bounds unsent bytes at 1 MiB per socket; the rest is per-connection and allocator overhead.
      atMost(
        'RSS growth per slow reader at the peak',
        (glibc.peak - glibc.before) / MiB / READERS,
        1,
        'MiB',
        `peak ${(glibc.peak / MiB).toFixed(0)} MiB; ${glibc.stillOpen} still connected; ${glibc.blobs} blobs sent`,
      ),
      info(
        'JS heap + external after they are gone, above before',
        glibc.heldAfter / MiB,
        'MiB',
        'what JavaScript still holds',
      ),
      atMost(
        'RSS after they are gone, above before',
        (glibc.after - glibc.before) / MiB,
        16,
        'MiB',
        `after ${(glibc.after / MiB).toFixed(0)} MiB (glibc malloc, Node's default)`,
      ),
    ];
    if (!existsSync(jemalloc)) return figures;
    const je = await measure(jemallocEnv);
    figures.push(
      info(
        'with jemalloc: RSS growth per slow reader at the peak',
        (je.peak - je.before) / MiB / READERS,
        'MiB',
        `before ${(je.before / MiB).toFixed(0)} MiB, peak ${(je.peak / MiB).toFixed(0)} MiB`,
      ),
      info(
        'with jemalloc: RSS after they are gone, above before',
        (je.after - je.before) / MiB,
        'MiB',
        `after ${(je.after / MiB).toFixed(0)} MiB; ${jemallocEnv.MALLOC_CONF}`,
      ),
    );
    return figures;
  },
};
