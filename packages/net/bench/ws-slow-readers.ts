// Finding 7 of issue 14, measured (not a test): server RSS before, with N WebSocket clients that finished HELLO and
// stopped reading while the server broadcasts 60 kB every 10 ms, and after they are gone. The server runs in its
// own process with default limits. Run: NODE_OPTIONS=--conditions=@paperclip/source npx tsx packages/net/bench/ws-slow-readers.ts [readers] [--peak-without-gc]
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createClientConnection,
  type MessageConnection,
  type WebSocketLike,
  WebSocketLink,
} from '@paperclip/messages';
import { WebSocket } from 'ws';
import { slowReaderRegistry } from './ws-slow-readers-messages.ts';

const MiB = 2 ** 20;
const here = dirname(fileURLToPath(import.meta.url));

/** The figures of one run; sizes in bytes. */
export interface SlowReaderFigures {
  readers: number;
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
  /** Connections the server still held at the end of the broadcast (slow readers it had not closed yet). */
  stillConnected: number;
  /** The server's accounted unsent bytes at the peak, and how many sockets the total bound evicted. */
  bufferedPeak: number;
  evictions: number;
  /** Messages the server handed to connections during the broadcast. */
  broadcasts: number;
}

/** Options of {@link measureSlowReaders}. */
export interface SlowReaderOptions {
  readers?: number;
  /** How long the server broadcasts while the readers do not read. Default 10_000 ms. */
  broadcastMs?: number;
  /** How long after the readers are gone before the last RSS sample. Default 2_000 ms. */
  settleMs?: number;
  /** Sample the peak without collecting garbage first (includes garbage not yet collected). Default false. */
  peakWithoutGc?: boolean;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server child answering `ask(op)` over IPC. */
function startServer(): Promise<{
  url: string;
  child: ChildProcess;
  ask<T>(op: string, argument?: number): Promise<T>;
}> {
  const child = fork(join(here, 'ws-slow-readers-server.ts'), [], {
    execArgv: ['--conditions=@paperclip/source', '--expose-gc', '--import', 'tsx'],
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    child.on('message', (message: { ready?: string; id?: number; result?: unknown }) => {
      if (message.ready) {
        resolve({
          url: message.ready,
          child,
          ask: <T>(op: string, argument?: number) =>
            new Promise<T>((done) => {
              const id = nextId++;
              pending.set(id, done as (result: unknown) => void);
              child.send({ id, op, argument });
            }),
        });
        return;
      }
      pending.get(message.id ?? -1)?.(message.result);
      pending.delete(message.id ?? -1);
    });
  });
}

/** A client that finishes the handshake from `localAddress`, then stops reading its socket. */
async function slowReader(
  url: string,
  localAddress: string,
): Promise<{ socket: WebSocket; client: MessageConnection }> {
  const socket = new WebSocket(url, { localAddress, perMessageDeflate: false });
  socket.on('error', () => {});
  const link = new WebSocketLink(socket as unknown as WebSocketLike, {
    carrier: 'websocket',
    remoteAddress: url,
  });
  const client = createClientConnection(link, { registry: slowReaderRegistry });
  client.on('error', () => {});
  await client.waitForConnection(5_000);
  socket.pause();
  return { socket, client };
}

/** Runs the measurement once against a fresh server process. Readers come from 127.0.0.10-39 (the per-address cap is 32). */
export async function measureSlowReaders(options: SlowReaderOptions = {}): Promise<SlowReaderFigures> {
  const count = options.readers ?? 60;
  const server = await startServer();
  const readers: { socket: WebSocket }[] = [];
  try {
    await pause(500);
    const rssBefore = await server.ask<number>('rss');
    for (let i = 0; i < count; i++) readers.push(await slowReader(server.url, `127.0.0.${10 + (i % 30)}`));
    await server.ask('blobs', 10);
    let rssPeak = rssBefore;
    let bufferedPeak = 0;
    for (let elapsed = 0; elapsed < (options.broadcastMs ?? 10_000); elapsed += 250) {
      await pause(250);
      rssPeak = Math.max(rssPeak, await server.ask<number>(options.peakWithoutGc ? 'rssNow' : 'rss'));
      bufferedPeak = Math.max(bufferedPeak, await server.ask<number>('buffered'));
    }
    const stillConnected = await server.ask<number>('connections');
    const broadcasts = await server.ask<number>('sent');
    await server.ask('stopBlobs');
    for (const reader of readers) reader.socket.terminate();
    await pause(options.settleMs ?? 2_000);
    const rssAfter = await server.ask<number>('rss');
    const evictions = await server.ask<number>('evictions');
    return {
      readers: count,
      rssBefore,
      rssPeak,
      rssAfter,
      stillConnected,
      bufferedPeak,
      evictions,
      broadcasts,
    };
  } finally {
    for (const reader of readers) reader.socket.terminate();
    server.child.removeAllListeners('exit');
    server.child.disconnect();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readers = Number(process.argv[2] ?? 60);
  const figures = await measureSlowReaders({
    readers,
    peakWithoutGc: process.argv.includes('--peak-without-gc'),
  });
  const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
  console.log(
    `slow WebSocket readers: ${figures.readers}, server with default limits, 60 kB broadcast every 10 ms`,
  );
  console.log(`  RSS before             ${mib(figures.rssBefore)}`);
  console.log(
    `  RSS peak (readers on)  ${mib(figures.rssPeak)}  (+${mib((figures.rssPeak - figures.rssBefore) / figures.readers)} per reader)`,
  );
  console.log(
    `  RSS after they left    ${mib(figures.rssAfter)}  (+${mib(figures.rssAfter - figures.rssBefore)} over before)`,
  );
  console.log(
    `  messages handed to connections: ${figures.broadcasts}; still connected at the end: ${figures.stillConnected}`,
  );
  console.log(
    `  accounted unsent bytes at the peak: ${mib(figures.bufferedPeak)}; evicted by the total bound: ${figures.evictions}`,
  );
  process.exit(0);
}
