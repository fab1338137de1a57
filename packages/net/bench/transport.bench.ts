// `npm run bench:transport`: Paperclip UDP vs raw node:dgram vs ws, client and server in separate processes.
//
//   npm run bench:transport -- [--runs 3] [--time 1000] [--window 64]
// Throughput: `window` messages kept in flight through an echo server for --time ms (after a warm-up);
// ping-pong RTT; and one-way delivery latency of RELIABLE messages through a seeded impairment proxy
// (10 ms each way = 20 ms RTT, 5% loss each way). Every figure is the median of --runs runs.
// Results: bench/results/transport.json. Every child stops by itself (stdin closed, SIGTERM or a deadline).
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Flag } from '@paperclip/protocol';
import { type BenchRow, median, ratioRow, reportBench } from '../../../bench/report.ts';
import { generateCertificate } from '../src/certs/generate-certificate.ts';
import { type BenchLink, dgramLink, paperclipLink, wsLink } from './bench-links.ts';
import { startImpairmentProxy } from './impairment-proxy.ts';
import { measureDelivery, measurePingPong, measureThroughput } from './workloads.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string' }, time: { type: 'string' }, window: { type: 'string' } },
});
const runs = Number(values.runs ?? 3);
const durationMs = Number(values.time ?? 1000);
const window = Number(values.window ?? 64);
const here = dirname(fileURLToPath(import.meta.url));
const overall = setTimeout(() => {
  console.error('bench:transport took longer than 10 minutes; giving up.');
  process.exit(1);
}, 600_000);
overall.unref();

type Kind = 'paperclip' | 'dgram' | 'ws';

/** Starts one echo server child process and resolves with its address. */
function startServer(kind: Kind): Promise<{ address: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'echo-server-process.ts'), kind, '900'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/READY (\d+)/);
      if (match) resolve({ address: `127.0.0.1:${match[1]}`, child });
    });
    child.once('exit', (code) =>
      reject(new Error(`${kind} echo server exited (${code}) before it was ready`)),
    );
  });
}

const servers = {
  paperclip: await startServer('paperclip'),
  dgram: await startServer('dgram'),
  ws: await startServer('ws'),
};
const certificate = (await generateCertificate()).der;
const modes = {
  unreliable: 0,
  RELIABLE: Flag.RELIABLE,
  'RELIABLE+ENCRYPTED': Flag.RELIABLE | Flag.ENCRYPTED,
} as const;

function openLink(kind: Kind, flags = 0, address = servers[kind].address): Promise<BenchLink> {
  if (kind === 'dgram') return dgramLink(address);
  if (kind === 'ws') return wsLink(address);
  return paperclipLink(address, flags, certificate);
}

/** Runs `measure` on a fresh link `runs` times; returns each run's result. */
async function repeat<T>(
  open: () => Promise<BenchLink>,
  measure: (link: BenchLink) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) {
    const link = await open();
    results.push(await measure(link));
    await link.close();
  }
  return results;
}

const rows: BenchRow[] = [];
const started = performance.now();

for (const size of [32, 1200]) {
  const throughput = (link: BenchLink) =>
    measureThroughput(link, { size, window, durationMs, warmupMs: 300 });
  const baseline: Record<string, number> = {};
  for (const kind of ['dgram', 'ws'] as const) {
    const results = await repeat(() => openLink(kind), throughput);
    baseline[kind] = median(results.map((r) => r.messagesPerSecond));
    rows.push({ name: `${kind} echo ${size} B`, metric: 'msgs/s', value: baseline[kind]!, unit: 'msg/s' });
    rows.push({
      name: `${kind} echo ${size} B`,
      metric: 'MB/s',
      value: median(results.map((r) => r.megabytesPerSecond)),
      unit: 'MB/s',
    });
  }
  for (const [mode, flags] of Object.entries(modes)) {
    const name = `paperclip echo ${size} B ${mode}`;
    const results = await repeat(() => openLink('paperclip', flags), throughput);
    const rate = median(results.map((r) => r.messagesPerSecond));
    rows.push({ name, metric: 'msgs/s', value: rate, unit: 'msg/s' });
    rows.push({
      name,
      metric: 'MB/s',
      value: median(results.map((r) => r.megabytesPerSecond)),
      unit: 'MB/s',
    });
    if (flags === 0)
      rows.push({ name, metric: 'lost', value: median(results.map((r) => r.lost)), unit: 'msgs' });
    rows.push(ratioRow(name, rate, baseline['dgram']!, 'dgram'));
    rows.push(ratioRow(name, rate, baseline['ws']!, 'ws'));
  }
  console.error(`throughput ${size} B done (${Math.round((performance.now() - started) / 1000)} s)`);
}

const pingPong = (link: BenchLink) => measurePingPong(link, { size: 32, count: 2000, warmup: 200 });
const rttTargets: Array<[string, () => Promise<BenchLink>]> = [
  ['dgram', () => openLink('dgram')],
  ['ws', () => openLink('ws')],
  ['paperclip unreliable', () => openLink('paperclip', 0)],
  ['paperclip RELIABLE+ENCRYPTED', () => openLink('paperclip', Flag.RELIABLE | Flag.ENCRYPTED)],
];
for (const [label, open] of rttTargets) {
  const results = await repeat(open, pingPong);
  rows.push({
    name: `${label} ping-pong 32 B`,
    metric: 'RTT p50',
    value: median(results.map((r) => r.p50)),
    unit: 'µs',
  });
  rows.push({
    name: `${label} ping-pong 32 B`,
    metric: 'RTT p99',
    value: median(results.map((r) => r.p99)),
    unit: 'µs',
  });
}
console.error(`ping-pong done (${Math.round((performance.now() - started) / 1000)} s)`);

// Impaired link: 20 ms RTT, 5% loss each way, seeded per run; 200 msgs/s of 32 B for 3 s.
const impairedTargets: Array<[string, Kind, number]> = [
  ['paperclip RELIABLE', 'paperclip', Flag.RELIABLE],
  ['paperclip RELIABLE+ENCRYPTED', 'paperclip', Flag.RELIABLE | Flag.ENCRYPTED],
  ['dgram (no recovery)', 'dgram', 0],
];
for (const [label, kind, flags] of impairedTargets) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const proxy = await startImpairmentProxy(servers[kind].address, {
      delayMs: 10,
      loss: 0.05,
      seed: 1000 + run,
    });
    const link = await openLink(kind, flags, proxy.address);
    results.push(await measureDelivery(link, { size: 32, count: 600, ratePerSecond: 200, drainMs: 3000 }));
    await link.close();
    await proxy.close();
  }
  const name = `${label} via 20 ms RTT / 5% loss`;
  rows.push({ name, metric: 'delivery p50', value: median(results.map((r) => r.p50)), unit: 'ms' });
  rows.push({ name, metric: 'delivery p99', value: median(results.map((r) => r.p99)), unit: 'ms' });
  rows.push({ name, metric: 'delivered', value: median(results.map((r) => r.delivered * 100)), unit: '%' });
}

for (const { child } of Object.values(servers)) child.stdin!.end();
reportBench('transport', rows);
console.error(`bench:transport finished in ${Math.round((performance.now() - started) / 1000)} s`);
