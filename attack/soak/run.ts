// `npm run soak`: 200 clients (two processes) through a seeded impairment proxy (10 % loss, 5 % duplication,
// reordering by random delay) against a message server over v0 UDP in its own process, for SOAK_SECONDS
// (default 600). Checks that every reliable-ordered message arrives exactly once and in order, both ways, and
// that the server's memory stays flat. Prints a table and writes bench/results/soak.json.
//   npm run soak -- [--seconds 600] [--clients 200] [--rate 5] [--seed 14]
import { parseArgs } from 'node:util';
import { type ServerChild, startChild } from '../support/child.ts';
import { atMost, equals, type Figure, info } from '../support/scenario.ts';
import { printTable, type ResultLine, writeResults } from '../support/table.ts';
import type { Impairment } from './impairment.ts';
import type { OrderCounts } from './soak-messages.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    clients: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
  },
});
const seconds = whole(values.seconds ?? process.env['SOAK_SECONDS'] ?? '600', 'seconds');
const clientCount = whole(values.clients ?? process.env['SOAK_CLIENTS'] ?? '200', 'clients');
const rate = whole(values.rate ?? '5', 'rate');
const seed = whole(values.seed ?? '14', 'seed');
const PROCESSES = 2;
const MiB = 2 ** 20;
/** Memory counts as flat when the server's RSS at the end is within this of its RSS after the warm-up. */
const FLAT_MIB = 32;

function whole(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number ≥ 1, not ${text}`);
  return value;
}

interface ServerStats extends OrderCounts {
  echoed: number;
  connections: number;
  closedConnections: number;
  rss: number;
  peakRss: number;
}

interface ClientsResult {
  ids: number[];
  sentPerClient: number[];
  sent: number;
  echoes: OrderCounts;
  echoedPerClient: number[];
  closedEarly: number;
  proxy: { forwarded: number; dropped: number; duplicated: number };
}

const impairment = (index: number): Impairment => ({
  loss: 0.1,
  duplicate: 0.05,
  baseDelayMs: 5,
  jitterMs: 20,
  seed: seed * 100 + index,
});

console.log(
  `soak: ${clientCount} clients, ${rate} msg/s each, ${seconds} s, 10 % loss, 5 % duplicates, 5–25 ms delay`,
);
const server = await startChild<{ address: string }>('soak/server.ts');
const groups: ServerChild<Record<string, never>>[] = [];
try {
  for (let i = 0; i < PROCESSES; i++) groups.push(await startChild('soak/clients.ts'));
  const share = Math.ceil(clientCount / PROCESSES);
  const connects = await Promise.all(
    groups.map((group, i) =>
      group.ask<{ connected: number; failed: number; retries: number; reasons: string[]; seconds: number }>(
        'connect',
        {
          server: server.ready.address,
          count: Math.min(share, clientCount - i * share),
          firstIndex: i * share,
          impairment: impairment(i),
        },
      ),
    ),
  );
  const connected = connects.reduce((sum, c) => sum + c.connected, 0);
  console.log(
    `connected ${connected} of ${clientCount} in ${Math.max(...connects.map((c) => c.seconds)).toFixed(1)} s`,
  );
  const retries = connects.reduce((sum, c) => sum + c.retries, 0);
  const reasons = [...new Set(connects.flatMap((c) => c.reasons))].join('; ');
  if (reasons !== '') console.log(`handshakes that failed (then retried): ${reasons}`);
  const rssStart = await server.ask<number>('rss');
  const running = Promise.all(groups.map((group) => group.ask<ClientsResult>('run', { seconds, rate })));
  // The baseline for "flat": after a warm-up (JIT, socket and queue buffers at their working size).
  const warmUpSeconds = Math.min(30, Math.max(5, Math.round(seconds / 5)));
  await new Promise((resolve) => setTimeout(resolve, warmUpSeconds * 1000));
  const rssWarm = await server.ask<number>('rss');
  const runs = await running;
  const stats = await server.ask<ServerStats>('stats');
  const rssEnd = await server.ask<number>('rss');
  const ids = runs.flatMap((run) => run.ids);
  const receivedPerClient = await server.ask<number[]>('received', ids);
  const sentPerClient = runs.flatMap((run) => run.sentPerClient);
  const echoedPerClient = runs.flatMap((run) => run.echoedPerClient);
  const sent = runs.reduce((sum, run) => sum + run.sent, 0);
  const upLost = sentPerClient.reduce((sum, n, i) => sum + Math.max(0, n - receivedPerClient[i]!), 0);
  const downLost = sentPerClient.reduce((sum, n, i) => sum + Math.max(0, n - echoedPerClient[i]!), 0);
  const echoes = runs.map((run) => run.echoes);
  const proxy = runs.map((run) => run.proxy);
  const figures: Figure[] = [
    equals('clients connected (3 tries each)', connected, clientCount, `of ${clientCount}`),
    info('handshakes retried after a loss', retries, 'handshakes', reasons.slice(0, 60)),
    info('reliable-ordered messages sent (client → server)', sent, 'messages'),
    equals('lost client → server', upLost, 0, 'messages'),
    equals('duplicated client → server', stats.duplicates, 0, 'messages'),
    equals('out of order client → server', stats.skipped, 0, 'gaps'),
    info('echoes sent (server → client)', stats.echoed, 'messages'),
    equals('lost server → client', downLost, 0, 'messages'),
    equals(
      'duplicated server → client',
      echoes.reduce((sum, e) => sum + e.duplicates, 0),
      0,
      'messages',
    ),
    equals(
      'out of order server → client',
      echoes.reduce((sum, e) => sum + e.skipped, 0),
      0,
      'gaps',
    ),
    equals(
      'connections closed during the run',
      runs.reduce((sum, run) => sum + run.closedEarly, 0),
      0,
      'connections',
    ),
    info(
      'datagrams dropped by the proxy',
      proxy.reduce((sum, p) => sum + p.dropped, 0),
      'datagrams',
      `${proxy.reduce((sum, p) => sum + p.duplicated, 0)} duplicated, ${proxy.reduce((sum, p) => sum + p.forwarded, 0)} forwarded`,
    ),
    info('server RSS at the start (all connected)', rssStart / MiB, 'MiB'),
    info('server RSS peak', stats.peakRss / MiB, 'MiB'),
    info(`server RSS after ${warmUpSeconds} s of traffic`, rssWarm / MiB, 'MiB'),
    atMost(
      `server RSS at the end, above the ${warmUpSeconds} s mark`,
      (rssEnd - rssWarm) / MiB,
      FLAT_MIB,
      'MiB',
      `end ${(rssEnd / MiB).toFixed(0)} MiB, ${((rssEnd - rssStart) / MiB).toFixed(0)} MiB above the start`,
    ),
  ];
  const lines: ResultLine[] = figures.map((figure) => ({
    finding: 11,
    scenario: `soak ${seconds} s`,
    ...figure,
  }));
  console.log('');
  printTable(lines);
  console.log(`wrote ${writeResults('soak', lines)}`);
  process.exitCode = lines.every((line) => line.pass) ? 0 : 1;
} finally {
  await Promise.all(groups.map((group) => group.close()));
  await server.close();
}
process.exit();
