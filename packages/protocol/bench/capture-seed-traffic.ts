// Regenerates test/wire/fixtures/seed-captures.json: every datagram of a fresh seed↔seed loopback capture.
//
//   npx tsx packages/protocol/bench/capture-seed-traffic.ts [--base-port 41700] [--from dir,dir]
//
// Runs ../shared/interop/run_interop.py --tap (the 5 scenarios with session keys dumped, then the --deny run),
// exactly as that folder's README does for vectors.json, then records each datagram with the field table of
// the harness's independent parser (make_vectors.parse). Needs python3 + cryptography; 127.0.0.1 only; the
// harness stops its own children. About a minute. `--from` reuses capture run dirs instead of capturing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fixturesDir, sharedDir } from '../test/wire/support/seed-oracles.ts';

const interop = join(sharedDir, 'interop');
const { values } = parseArgs({ options: { 'base-port': { type: 'string' }, from: { type: 'string' } } });

function capture(): string[] {
  const basePort = Number(values['base-port'] ?? 41700);
  const work = mkdtempSync(join(tmpdir(), 'paperclip-captures-'));
  const run = (name: string, args: string[]) => {
    console.log(`capturing ${name} in ${join(work, name)} …`);
    execFileSync('python3', ['run_interop.py', '--tap', ...args, '--run-dir', join(work, name)], {
      cwd: interop,
      stdio: 'inherit',
    });
    return join(work, name);
  };
  return [
    run('pc_cap', [
      ...['-n', '3', '--sleeps', '0.1', '--base-port', String(basePort), '--out', join(work, 'pc_cap.json')],
      ...['--client-args', '--dump-session-key --idle-before-quit 3.5'],
      ...['--server-args', '--heartbeat-min 1 --heartbeat-max 10'],
    ]),
    run('pc_deny', [
      ...['--deny', '--scenarios', 'none', '-n', '1', '--sleeps', '0.1'],
      ...['--base-port', String(basePort + 100), '--out', join(work, 'pc_deny.json')],
      ...['--client-args', '--handshake-timeout 20'],
    ]),
  ];
}

interface CapturedDatagram {
  i: number;
  dir: 'c2s' | 's2c';
  hex: string;
}

/** Field tables from the harness's own parser, so the test compares against an implementation not ours. */
function harnessRows(hexes: string[]): unknown[] {
  const program = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(interop)})`,
    'import make_vectors',
    'print(json.dumps([make_vectors.parse(bytes.fromhex(h))["rows"] for h in json.load(sys.stdin)]))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', program], { input: JSON.stringify(hexes), cwd: tmpdir() });
  return JSON.parse(out.toString('utf8'));
}

const runDirs = values.from === undefined ? capture() : values.from.split(',').map((dir) => resolve(dir));
const captures = [];
for (const runDir of runDirs) {
  for (const scenario of readdirSync(runDir).sort()) {
    const file = join(runDir, scenario, 'capture.jsonl');
    if (!existsSync(file)) continue;
    const datagrams = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CapturedDatagram);
    const resultFile = join(runDir, scenario, 'client', 'result.json');
    const lines = existsSync(resultFile) ? readFileSync(resultFile, 'utf8').trim().split('\n') : [];
    const result = lines.length > 0 ? JSON.parse(lines.at(-1)!) : {};
    const rows = harnessRows(datagrams.map((datagram) => datagram.hex));
    captures.push({
      scenario: `${runDir.endsWith('deny') ? 'deny/' : ''}${scenario}`,
      sessionKey: result.session_key ?? null,
      datagrams: datagrams.map((datagram, index) => ({ ...datagram, rows: rows[index] })),
    });
  }
}
const total = captures.reduce((sum, one) => sum + one.datagrams.length, 0);
const out = join(fixturesDir, 'seed-captures.json');
writeFileSync(
  out,
  `${JSON.stringify({ source: 'run_interop.py --tap (see capture-seed-traffic.ts)', datagrams: total, captures })}\n`,
);
console.log(`wrote ${total} datagrams from ${captures.length} captures to ${out}`);
