// `npm run fuzz:codec`: ≥ 1,000,000 fuzzed inputs through decode → reassemble → open; exits 1 on any finding.
//
//   npm run fuzz:codec -- [--iterations 1000000] [--seed 1]
import { parseArgs } from 'node:util';
import { type FuzzReport, runCodecFuzz } from '../test/wire/support/fuzz-harness.ts';

const { values } = parseArgs({ options: { iterations: { type: 'string' }, seed: { type: 'string' } } });
const iterations = Number(values.iterations ?? 1_000_000);
const firstSeed = Number(values.seed ?? 1);
const CHUNK = 100_000;

const total = { inputs: 0, accepted: 0, opened: 0, reassembled: 0, failures: 0 };
const rejected: Record<string, number> = {};
const openRejected: Record<string, number> = {};
const findings: string[] = [];
const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [name, count] of Object.entries(from)) into[name] = (into[name] ?? 0) + count;
};

const started = performance.now();
for (let chunk = 0; total.inputs < iterations; chunk++) {
  const seed = firstSeed + chunk;
  let report: FuzzReport;
  try {
    report = runCodecFuzz({ iterations: Math.min(CHUNK, iterations - total.inputs), seed });
  } catch (error) {
    // The harness reports codec failures itself; anything escaping it is a crash of the run.
    console.error(`fuzz chunk with seed ${seed} crashed:`, error);
    process.exit(1);
  }
  total.inputs += report.inputs;
  total.accepted += report.accepted;
  total.opened += report.opened;
  total.reassembled += report.reassembled;
  total.failures += report.failureCount;
  add(rejected, report.rejectedByMinor);
  add(openRejected, report.openRejectedByMinor);
  findings.push(...report.failures.map((failure) => `seed ${seed}: ${failure}`));
  console.log(`${total.inputs.toLocaleString('en')} inputs, ${total.failures} findings (seed ${seed})`);
}
const seconds = (performance.now() - started) / 1000;

console.table({
  inputs: total.inputs,
  'decoded and re-encoded byte-exact': total.accepted,
  'opened (decrypt/inflate/CRC ok)': total.opened,
  'messages reassembled': total.reassembled,
  findings: total.failures,
});
console.log('decode rejections by minor:', rejected);
console.log('open rejections by minor:', openRejected);
console.log(`${seconds.toFixed(1)} s, ${Math.round(total.inputs / seconds).toLocaleString('en')} inputs/s`);
if (total.failures > 0) {
  console.error(`FAIL: ${total.failures} findings; first ones:\n${findings.slice(0, 20).join('\n')}`);
  process.exit(1);
}
console.log('OK: no crash, no untyped error, every rejection carried the expected PacketError minor.');
