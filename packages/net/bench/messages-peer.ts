// One side of the messages benchmark, run as its own process: `server MODE` prints READY <address>; `client MODE ADDRESS` prints JSON.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { MessageConnection } from '@paperclip/messages';
import { defineMessage, MessageRegistry, MessageServer } from '@paperclip/messages';
import { Type } from '@sinclair/typebox';
import { WebSocket, WebSocketServer } from 'ws';
import { connectUdp, UdpAcceptor } from '../src/carriers/udp-carrier.ts';
import { acceptAnyCertificate } from '../src/certs/validators.ts';
import { WebSocketAcceptor } from '../src/ws/websocket-acceptor.ts';
import { connectWebSocket } from '../src/ws/websocket-client.ts';
import { MODES, type Mode } from './messages-modes.ts';

const MESSAGE_BYTES = 32;
const RTT_SAMPLES = 2000;
const WINDOW = Number(process.env.BENCH_WINDOW ?? 2000);
const THROUGHPUT_MS = 3000;

/** Reliable batching budget for the UDP modes (BENCH_UDP_PACKET; default UDP_MAX_RELIABLE_PACKET_BYTES). */
const udpPacketBytes = process.env.BENCH_UDP_PACKET
  ? { maxReliablePacketBytes: Number(process.env.BENCH_UDP_PACKET) }
  : {};

const Blob = defineMessage('bench:blob', Type.Uint8Array({ maxByteLength: 64 }));
const registry = new MessageRegistry([Blob]);

/** A client-side echo pipe: send one 32-byte reliable message, get it back. */
interface EchoPipe {
  send(data: Uint8Array): void;
  onEcho(handler: () => void): void;
  close(): Promise<void>;
}

// ENet is CommonJS without types; this is the slice of its API the bench uses.
interface EnetPacket {
  data(): Buffer;
}
interface EnetPeer {
  on(event: 'message', handler: (packet: EnetPacket, channel: number) => void): void;
  on(event: 'connect', handler: () => void): void;
  send(channel: number, packet: unknown): boolean;
  disconnectNow(): void;
}
interface EnetHost {
  on(event: 'connect', handler: (peer: EnetPeer) => void): void;
  start(intervalMs: number): void;
  flush(): void;
  connect(
    address: { address: string; port: number },
    channels: number,
    data: number,
    callback: (error: Error | undefined, peer: EnetPeer) => void,
  ): EnetPeer;
  destroy(): void;
}
interface Enet {
  createServer(options: object, callback: (error: Error | undefined, host: EnetHost) => void): void;
  createClient(options: object, callback: (error: Error | undefined, host: EnetHost) => void): void;
  Packet: new (data: Buffer, flags: number) => unknown;
  PACKET_FLAG: { RELIABLE: number };
}
let loadedEnet: Enet | undefined;
/** ENet loads lazily: its asm.js module is slow to compile and only its own mode needs it. */
function enetModule(): Enet {
  loadedEnet ??= createRequire(import.meta.url)('enet') as Enet;
  return loadedEnet;
}

function flushSoon(host: EnetHost): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      host.flush();
    });
  };
}

async function startServer(mode: Mode): Promise<string> {
  switch (mode) {
    case 'paperclip-udp':
    case 'paperclip-udp-plain': {
      const server = new MessageServer({ registry });
      server.onMessage(Blob, (payload, connection) => connection.send(Blob, payload));
      const acceptor = new UdpAcceptor({
        server: { validator: acceptAnyCertificate },
        ...udpPacketBytes,
        ...(mode === 'paperclip-udp-plain' ? { baseFlags: 0 } : {}),
      });
      await server.listen(acceptor);
      return acceptor.address;
    }
    case 'paperclip-ws': {
      const server = new MessageServer({ registry });
      server.onMessage(Blob, (payload, connection) => connection.send(Blob, payload));
      const acceptor = new WebSocketAcceptor();
      await server.listen(acceptor);
      return acceptor.url;
    }
    case 'raw-ws': {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
      wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data as Buffer)));
      await new Promise((resolve) => wss.once('listening', resolve));
      return `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    }
    case 'enet': {
      const enet = enetModule();
      const port = 42_000 + Math.floor(Math.random() * 10_000);
      const host = await new Promise<EnetHost>((resolve, reject) =>
        enet.createServer(
          { address: { address: '127.0.0.1', port }, peers: 8, channels: 1, down: 0, up: 0 },
          (error, created) => (error ? reject(error) : resolve(created)),
        ),
      );
      const flush = flushSoon(host);
      host.on('connect', (peer) => {
        peer.on('message', (packet) => {
          peer.send(0, new enet.Packet(Buffer.from(packet.data()), enet.PACKET_FLAG.RELIABLE));
          flush();
        });
      });
      host.start(1);
      return `127.0.0.1:${port}`;
    }
  }
}

async function messagePipe(connection: MessageConnection): Promise<EchoPipe> {
  await connection.waitForConnection(10_000);
  return {
    send: (data) => connection.send(Blob, data),
    onEcho: (handler) => connection.onMessage(Blob, handler),
    close: async () => {
      await connection.close();
    },
  };
}

async function openPipe(mode: Mode, address: string): Promise<EchoPipe> {
  switch (mode) {
    case 'paperclip-udp':
    case 'paperclip-udp-plain':
      return messagePipe(
        connectUdp(address, {
          registry,
          udp: {
            client: { validator: acceptAnyCertificate },
            ...(mode === 'paperclip-udp-plain' ? { baseFlags: 0 } : {}),
          },
        }),
      );
    case 'paperclip-ws':
      return messagePipe(connectWebSocket(address, { registry }));
    case 'raw-ws': {
      const socket = new WebSocket(address, { perMessageDeflate: false });
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      return {
        send: (data) => socket.send(data),
        onEcho: (handler) => socket.on('message', handler),
        close: async () => socket.close(),
      };
    }
    case 'enet': {
      const enet = enetModule();
      const [host, port] = [
        address.slice(0, address.lastIndexOf(':')),
        Number(address.slice(address.lastIndexOf(':') + 1)),
      ];
      const client = await new Promise<EnetHost>((resolve, reject) =>
        enet.createClient({ peers: 1, channels: 1, down: 0, up: 0 }, (error, created) =>
          error ? reject(error) : resolve(created),
        ),
      );
      const peer = await new Promise<EnetPeer>((resolve, reject) =>
        client.connect({ address: host, port }, 1, 0, (error, connected) =>
          error ? reject(error) : resolve(connected),
        ),
      );
      client.start(1);
      const flush = flushSoon(client);
      return {
        send: (data) => {
          peer.send(0, new enet.Packet(Buffer.from(data), enet.PACKET_FLAG.RELIABLE));
          flush();
        },
        onEcho: (handler) => peer.on('message', () => handler()),
        close: async () => {
          peer.disconnectNow();
          client.destroy();
        },
      };
    }
  }
}

async function runClient(mode: Mode, address: string): Promise<void> {
  const pipe = await openPipe(mode, address);
  const data = new Uint8Array(MESSAGE_BYTES).fill(7);
  let onEcho: () => void = () => {};
  pipe.onEcho(() => onEcho());

  // RTT: one message in flight at a time.
  const rtts: number[] = [];
  for (let i = 0; i < RTT_SAMPLES + 100; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      onEcho = resolve;
      pipe.send(data);
    });
    if (i >= 100) rtts.push((performance.now() - started) * 1000);
  }

  // Throughput: WINDOW messages in flight; every echo sends the next one.
  let echoed = 0;
  let counting = true;
  const finished = new Promise<void>((resolve) => {
    let outstanding = WINDOW;
    onEcho = () => {
      outstanding--;
      if (counting) {
        echoed++;
        outstanding++;
        pipe.send(data);
      } else if (outstanding === 0) resolve();
    };
  });
  const started = performance.now();
  for (let i = 0; i < WINDOW; i++) pipe.send(data);
  await new Promise((resolve) => setTimeout(resolve, THROUGHPUT_MS));
  counting = false;
  const elapsedMs = performance.now() - started;
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 5000))]);
  await pipe.close();
  rtts.sort((a, b) => a - b);
  const result = {
    mode,
    messagesPerSecond: (echoed * 2 * 1000) / elapsedMs, // each echo is one message each way
    rttMedianUs: rtts[rtts.length >> 1]!,
    rttP99Us: rtts[Math.floor(rtts.length * 0.99)]!,
  };
  console.log(JSON.stringify(result));
  process.exit(0);
}

const [role, mode, address] = process.argv.slice(2) as [string, Mode, string | undefined];
if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}`);
if (role === 'server') {
  const listening = await startServer(mode);
  console.log(`READY ${listening}`);
  // The orchestrator kills us; also stop by ourselves if it vanished.
  setTimeout(() => process.exit(0), 120_000).unref();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
} else {
  await runClient(mode, address!);
}
