// A share of the soak's clients, in their own process: each is a message-layer client over v0 UDP (encrypted)
// behind this process's impairment proxy, sending numbered reliable-ordered Up messages at a steady rate and
// checking the Down echoes for gaps, repeats and order.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { MessageConnection } from '@paperclip/messages';
import { acceptAnyCertificate, connectUdp, generateCertificate } from '@paperclip/net';
import { serveParent } from '../support/child.ts';
import { type Impairment, type ImpairmentProxy, startImpairmentProxy } from './impairment.ts';
import { Down, OrderCheck, soakRegistry, Up } from './soak-messages.ts';

interface ConnectOrder {
  server: string;
  count: number;
  firstIndex: number;
  impairment: Impairment;
}

interface SoakClient {
  id: number;
  connection: MessageConnection;
  sent: number;
}

const clients: SoakClient[] = [];
const echoes = new OrderCheck();
let proxy: ImpairmentProxy | undefined;
let closedEarly = 0;
let sending = false;
const pad = randomBytes(32);

async function connectAll(
  order: ConnectOrder,
): Promise<{ connected: number; failed: number; retries: number; reasons: string[]; seconds: number }> {
  const started = performance.now();
  const [host, port] = [
    order.server.slice(0, order.server.lastIndexOf(':')),
    Number(order.server.split(':').pop()),
  ];
  proxy = await startImpairmentProxy({ host, port }, order.impairment, order.firstIndex);
  // One certificate for every client: RSA key generation is the slow part, and the server accepts any.
  const certificate = (await generateCertificate()).der;
  let failed = 0;
  let retries = 0;
  const reasons = new Set<string>();
  const BATCH = 20;
  /** Connects one client, retrying twice as a real client would when its handshake is lost. */
  const connectOne = async (id: number): Promise<void> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) retries++;
      const connection = connectUdp(proxy!.address, {
        registry: soakRegistry,
        udp: { client: { validator: acceptAnyCertificate, certificate } },
      });
      try {
        await connection.waitForConnection(15_000);
      } catch (error) {
        reasons.add(error instanceof Error ? error.message : String(error));
        await connection.close().catch(() => {});
        continue;
      }
      connection.onMessage(Down, (payload) => echoes.receive(payload.c, payload.n));
      connection.on('close', () => {
        if (sending) closedEarly++;
      });
      clients.push({ id, connection, sent: 0 });
      return;
    }
    failed++;
  };
  // At most BATCH handshakes at once; a lost one waits for its timeout without holding up the others.
  let nextId = order.firstIndex;
  const end = order.firstIndex + order.count;
  const worker = async () => {
    while (nextId < end) await connectOne(nextId++);
  };
  await Promise.all(Array.from({ length: BATCH }, worker));
  return {
    connected: clients.length,
    failed,
    retries,
    reasons: [...reasons],
    seconds: (performance.now() - started) / 1000,
  };
}

/** Sends `rate` messages per second per client for `seconds`, then waits for the echoes to drain. */
async function run({ seconds, rate }: { seconds: number; rate: number }) {
  sending = true;
  const interval = 1000 / rate;
  const timers = clients.map((client, index) => {
    // Spread the clients over the interval, so the load is steady rather than in bursts.
    const start = setTimeout(
      () => {
        const tick = setInterval(() => {
          if (client.connection.state !== 'active') return;
          client.connection.send(Up, { c: client.id, n: client.sent, pad });
          client.sent++;
        }, interval);
        timers[index] = tick;
      },
      (index / clients.length) * interval,
    );
    return start;
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  for (const timer of timers) clearInterval(timer);
  sending = false;
  const sent = clients.reduce((sum, client) => sum + client.sent, 0);
  const drainUntil = performance.now() + 20_000;
  while (performance.now() < drainUntil && echoes.counts.inOrder + echoes.counts.skipped < sent) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    ids: clients.map((client) => client.id),
    sentPerClient: clients.map((client) => client.sent),
    sent,
    echoes: { ...echoes.counts },
    echoedPerClient: clients.map((client) => echoes.next(client.id)),
    closedEarly,
    proxy: proxy?.counts,
  };
}

serveParent(
  {},
  {
    connect: (order: ConnectOrder) => connectAll(order),
    run: (order: { seconds: number; rate: number }) => run(order),
  },
  async () => {
    await Promise.all(clients.map((client) => client.connection.close().catch(() => {})));
    proxy?.close();
  },
);
