// `npm run bench:core`: CPU cost of the sans-IO core per echoed message (two Endpoints in one process, no sockets).
//
//   npm run bench:core -- [--runs 5] [--messages 20000] [--window 64] [--only '32 B RELIABLE']
// A client and a server Endpoint are wired back to back; the client keeps `window` messages outstanding and the
// server echoes each one with the flags it arrived with. Timing is process CPU time (user + system), so the
// figure is what the core costs, not what a busy shared machine lets it get. Results: bench/results/core.json.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type BenchRow, median, reportBench } from '../../../bench/report.ts';
import { type Address, Endpoint, Flag, pooledRandomBytes } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    messages: { type: 'string' },
    window: { type: 'string' },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs ?? 5);
const messages = Number(values.messages ?? 20_000);
const window = Number(values.window ?? 64);
const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';
const certificate = new Uint8Array(600).fill(0x30);

/** Moves every pending datagram between the two endpoints until both are quiet. */
function pump(
  server: Endpoint,
  client: Endpoint,
  now: number,
  onServerData: (data: Uint8Array, flags: number) => void,
  onClientData: () => void,
): void {
  for (let busy = true; busy; ) {
    busy = false;
    for (let out = client.pollTransmit(); out; out = client.pollTransmit()) {
      server.handleDatagram(now, C, out.datagram);
      busy = true;
    }
    for (let event = server.pollEvent(); event; event = server.pollEvent()) {
      if (event.type === 'validateCertificate')
        server.completeCertificateValidation(now, event.requestId, { valid: true, accountId: null });
      else if (event.type === 'data') onServerData(event.data, event.flags);
      busy = true;
    }
    for (let out = server.pollTransmit(); out; out = server.pollTransmit()) {
      client.handleDatagram(now, S, out.datagram);
      busy = true;
    }
    for (let event = client.pollEvent(); event; event = client.pollEvent()) {
      if (event.type === 'validateCertificate')
        client.completeCertificateValidation(now, event.requestId, { valid: true, accountId: null });
      else if (event.type === 'data') onClientData();
      busy = true;
    }
  }
}

/** One run: CPU microseconds per echoed message (both directions, both endpoints). */
function run(flags: number, size: number): number {
  // As the UDP driver does: IVs from a pooled CSPRNG block.
  const options = { certificate, randomBytes: pooledRandomBytes((n) => randomBytes(n)) };
  const server = new Endpoint({ role: 'server', ...options });
  const client = new Endpoint({ role: 'client', ...options });
  let now = 0;
  client.connect(now, S as Address);
  pump(
    server,
    client,
    now,
    () => {},
    () => {},
  );
  const payload = new Uint8Array(size).fill(7);
  let echoed = 0;
  let sent = 0;
  const onServerData = (data: Uint8Array, dataFlags: number) =>
    server.send(now, C, data, dataFlags & ~Flag.FRAG);
  const onClientData = () => {
    echoed++;
  };
  const started = process.cpuUsage();
  while (echoed < messages) {
    while (sent - echoed < window && sent < messages) {
      client.send(now, S, payload, flags);
      sent++;
    }
    now += 0.01;
    pump(server, client, now, onServerData, onClientData);
    const deadline = client.pollTimeout();
    if (deadline !== undefined && deadline <= now) client.handleTimeout(now);
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / messages;
}

const modes = {
  unreliable: 0,
  RELIABLE: Flag.RELIABLE,
  'RELIABLE+ENCRYPTED': Flag.RELIABLE | Flag.ENCRYPTED,
} as const;
const rows: BenchRow[] = [];
for (const size of [32, 1200]) {
  for (const [mode, flags] of Object.entries(modes)) {
    if (values.only !== undefined && `${size} B ${mode}` !== values.only) continue;
    run(flags, size); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(run(flags, size));
    const us = median(samples);
    rows.push({ name: `core echo ${size} B ${mode}`, metric: 'CPU per echo', value: us, unit: 'µs' });
    rows.push({
      name: `core echo ${size} B ${mode}`,
      metric: 'echoes per CPU-second',
      value: 1e6 / us,
      unit: 'msg/s',
    });
  }
}
reportBench('core', rows);
