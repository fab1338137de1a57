// `npm run bench:messages`: 32-byte reliable messages/s and RTT, Paperclip over UDP and WebSocket vs raw ws and ENet.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type BenchRow, median, ratioRow, reportBench } from '../../../bench/report.ts';
import { MODES } from './messages-modes.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const peer = fileURLToPath(new URL('./messages-peer.ts', import.meta.url));

interface ClientResult {
  mode: string;
  messagesPerSecond: number;
  rttMedianUs: number;
  rttP99Us: number;
}

function launch(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', peer, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith(prefix)) {
        lines.close();
        resolve(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`${prefix} never came (exit ${code})`)));
  });
}

async function runOnce(mode: string): Promise<ClientResult> {
  const server = launch(['server', mode]);
  try {
    const ready = await firstLine(server, 'READY ');
    const client = launch(['client', mode, ready.slice('READY '.length)]);
    const json = await firstLine(client, '{');
    return JSON.parse(json) as ClientResult;
  } finally {
    server.stdin?.end();
    server.kill('SIGTERM');
  }
}

const results = new Map<string, ClientResult[]>();
for (let run = 0; run < RUNS; run++) {
  for (const mode of MODES) {
    const result = await runOnce(mode);
    console.log(
      `run ${run + 1}/${RUNS} ${mode}: ${Math.round(result.messagesPerSecond)} msg/s, RTT ${Math.round(result.rttMedianUs)} µs`,
    );
    results.set(mode, [...(results.get(mode) ?? []), result]);
  }
}

const rows: BenchRow[] = [];
const rate = (mode: string) => median(results.get(mode)!.map((r) => r.messagesPerSecond));
for (const mode of MODES) {
  const samples = results.get(mode)!;
  rows.push({
    name: mode,
    metric: '32-byte reliable messages/s (echo, both ways)',
    value: rate(mode),
    unit: 'msg/s',
  });
  rows.push({
    name: mode,
    metric: 'RTT median',
    value: median(samples.map((r) => r.rttMedianUs)),
    unit: 'µs',
  });
  rows.push({ name: mode, metric: 'RTT p99', value: median(samples.map((r) => r.rttP99Us)), unit: 'µs' });
}
for (const ours of ['paperclip-udp', 'paperclip-udp-plain', 'paperclip-ws']) {
  rows.push(ratioRow(`${ours} msg/s`, rate(ours), rate('raw-ws'), 'raw-ws'));
  rows.push(ratioRow(`${ours} msg/s`, rate(ours), rate('enet'), 'enet'));
}
reportBench('messages', rows);
