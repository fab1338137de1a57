// `npm run bench:codec`: v0 encode/decode and seal/open rates in packets/s, beside the Python seed's own codec.
//
//   npm run bench:codec -- [--runs 5] [--time 250]
// Each figure is the median over --runs tinybench runs of --time ms each; every iteration handles a batch so
// timer overhead does not dominate nanosecond operations. The seed baseline (python3, ../shared) is skipped
// with a note when unavailable. Results: bench/results/codec.json.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { type BenchRow, median, ratioRow, reportBench } from '../../../bench/report.ts';
import {
  decodePacket,
  encodePacket,
  Flag,
  FragmentReassembler,
  openMessage,
  type Packet,
  PacketType,
  sealMessage,
} from '../src/index.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' }, time: { type: 'string' } } });
const runs = Number(values.runs ?? 5);
const time = Number(values.time ?? 250);
const here = dirname(fileURLToPath(import.meta.url));
const interop = resolve(here, '../../../..', 'shared', 'interop');

const key = new Uint8Array(32).map((_, index) => index);
const iv = new Uint8Array(16).fill(0x42);
const randomBytes = () => iv;
const small: Packet = {
  type: PacketType.DEFAULT,
  version: 0,
  flags: 0,
  sequenceId: 2,
  data: new Uint8Array(32).map((_, index) => index),
};
const smallBytes = encodePacket(small);
const bigFlags = Flag.RELIABLE | Flag.CHECKSUM | Flag.ENCRYPTED;
// One 1200-byte-payload packet as encode/decode see it (the pipeline would split it, see seal/open below).
const [bigSealed] = sealMessage({ type: PacketType.DEFAULT, sequenceId: 5 }, new Uint8Array(1200), {
  flags: bigFlags,
  sessionKey: key,
  randomBytes,
  maxDatagramSize: 65_507,
});
const big = bigSealed!;
const bigBytes = encodePacket(big);
const payload1200 = new Uint8Array(1200).fill(3);
const sealedWire = sealMessage({ type: PacketType.DEFAULT, sequenceId: 5 }, payload1200, {
  flags: bigFlags,
  sessionKey: key,
  randomBytes,
}).map(encodePacket);

const BATCH = 100;
const BIG = '1200 B RELIABLE+CHECKSUM+ENCRYPTED';
/** name → [work per call, packets (or messages) per call] */
const cases: Record<string, [() => void, number]> = {
  [`decode 32 B DEFAULT`]: [() => batch(() => decodePacket(smallBytes)), BATCH],
  [`encode 32 B DEFAULT`]: [() => batch(() => encodePacket(small)), BATCH],
  [`decode ${BIG}`]: [() => batch(() => decodePacket(bigBytes)), BATCH],
  [`encode ${BIG}`]: [() => batch(() => encodePacket(big)), BATCH],
  [`seal ${BIG}`]: [
    () =>
      sealMessage({ type: 0, sequenceId: 5 }, payload1200, {
        flags: bigFlags,
        sessionKey: key,
        randomBytes,
      }).map(encodePacket),
    1,
  ],
  [`open ${BIG}`]: [
    () => {
      const reassembler = new FragmentReassembler();
      let whole: Packet | undefined;
      for (const datagram of sealedWire) whole = reassembler.push(0, decodePacket(datagram));
      openMessage(whole!, { sessionKey: key });
    },
    1,
  ],
};

/** Keeps results observable so the JIT cannot drop the work as dead code. */
let sink = 0;
function batch(work: () => Packet | Uint8Array): void {
  for (let index = 0; index < BATCH; index++) {
    const result = work();
    sink ^= result instanceof Uint8Array ? result.length : result.sequenceId + result.data.length;
  }
}

const samples = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  const bench = new Bench({ time, warmup: true });
  for (const [name, [work]] of Object.entries(cases)) bench.add(name, work);
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result as { throughput?: { mean: number } } | undefined;
    if (result?.throughput === undefined) throw new Error(`benchmark task "${task.name}" did not complete`);
    samples.get(task.name)!.push(result.throughput.mean * cases[task.name]![1]);
  }
  console.log(`run ${run + 1}/${runs} done`);
}

const seed = seedBaseline();
const rows: BenchRow[] = [];
for (const [name, rates] of samples) {
  const unit = name.startsWith('seal') || name.startsWith('open') ? 'messages/s' : 'packets/s';
  const ours = median(rates);
  rows.push({ name, metric: `median of ${runs} runs`, value: Math.round(ours), unit });
  const theirs = seed?.[name];
  if (theirs !== undefined) {
    rows.push({ name, metric: 'Python seed', value: Math.round(theirs), unit });
    rows.push(ratioRow(name, ours, theirs, 'Python seed'));
  }
}
reportBench('codec', rows);
if (sink === 0.5) console.log('unreachable: sink', sink);
console.log(
  `32 B DEFAULT: ${smallBytes.length}-byte datagram; ${BIG}: ${bigBytes.length}-byte datagram for encode/decode, ` +
    `${sealedWire.map((datagram) => datagram.length).join(' + ')} bytes (FRAG) for seal/open.`,
);

function seedBaseline(): Record<string, number> | undefined {
  if (!existsSync(join(interop, '_seedenv.py'))) {
    console.log(`no Python seed baseline: ${interop} is absent`);
    return undefined;
  }
  try {
    const out = execFileSync('python3', [join(here, 'seed-codec-baseline.py'), interop, String(runs)]);
    return JSON.parse(out.toString('utf8'));
  } catch (error) {
    console.log(`no Python seed baseline: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}
