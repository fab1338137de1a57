// `npm run bench:cli`: start-up of the `paperclip` command against `node -e 0` (wall time, peak RSS, CPU).
//
//   npm run bench:cli -- [--runs 15] [--serve-runs 5] [--bin packages/cli/dist/bin.js]
//                        [--before packages/cli/bin/paperclip.js | --before none] [--no-serve]
//                        [--node-options '--conditions=@paperclip/source'] [--out file.json]
// Rows: `node -e 0` (the baseline), `paperclip --version`, `paperclip --help`, and the platform to ready:
// `paperclip serve` and `npm start`, from spawn until `GET /` answers 2xx on a free 127.0.0.1 port with a
// temporary SQLite file; then SIGTERM and wait for the exit. The bin is run as `node <bin> …`, which is what
// node_modules/.bin/paperclip does; `--before` adds the same rows for the old tsx-loaded bin when it runs.
// Wall time: spawn to exit (or to ready), median and p10/p90 of --runs runs after one warm-up run. Peak RSS:
// `/usr/bin/time -f %M` (GNU time; `apt-get install -y time`), the largest resident set of the process tree;
// GNU time's user + system CPU too, steadier than wall time on a busy machine. Goals of the issue beside:
// --version and --help ≤ 150 ms and ≤ 60 MiB, the platform ready ≤ 1.5 s.
// Children get the bench's environment without NODE_OPTIONS (unless --node-options), as a user's shell would.
// Results: bench/results/cli.json (or --out). Children are killed and temporary files removed on every exit.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchRow, median, quantile, reportBench } from '../../../bench/report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    'serve-runs': { type: 'string' },
    bin: { type: 'string' },
    before: { type: 'string' },
    'no-serve': { type: 'boolean' },
    'node-options': { type: 'string' },
    out: { type: 'string' },
  },
});
const runs = positive(values.runs ?? '15', '--runs');
const serveRuns = positive(values['serve-runs'] ?? '5', '--serve-runs');
const bin = resolve(values.bin ?? join(root, 'packages/cli/dist/bin.js'));
const oldBin = join(root, 'packages/cli/bin/paperclip.js');
const beforeBin =
  values.before === 'none'
    ? undefined
    : values.before
      ? resolve(values.before)
      : existsSync(oldBin)
        ? oldBin
        : undefined;
const childNodeOptions = values['node-options'];
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const SHORT_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 10_000;
const MiB = 1024 * 1024;
const GOALS = { shortMs: 150, shortMiB: 60, readyMs: 1500 };

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} must be a whole number ≥ 1, not ${text}`);
  return value;
}

// ---- cleanup: every child in its own process group, killed on any way out; the temp dir removed ----
const live = new Set<ChildProcess>();
const work = mkdtempSync(join(tmpdir(), 'paperclip-bench-cli-'));
function cleanup(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
  rmSync(work, { recursive: true, force: true });
}
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`bench:cli: ${signal}, stopping children`);
    process.exit(130);
  });
}
const overall = setTimeout(() => {
  console.error('bench:cli took longer than 10 minutes; giving up.');
  process.exit(1);
}, 600_000);
overall.unref();

// ---- one measured run ----
interface Sample {
  ms: number;
  /** Peak resident set size in bytes, or NaN without GNU time. */
  rss: number;
  /** User + system CPU seconds of the process tree (GNU time, 10 ms steps), or NaN. */
  cpu: number;
  /** Exit code of a short command (0 for the platform runs). */
  code: number;
}

interface Started {
  child: ChildProcess;
  t0: number;
  timeFile: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let sequence = 0;
function childEnv(extra: Record<string, string> = {}, nodeOptions?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['NODE_OPTIONS'];
  if (nodeOptions) env['NODE_OPTIONS'] = nodeOptions;
  return env;
}

/** Spawns `command` (under GNU time when present and asked for) as the leader of a new process group. */
function start(command: string[], env: NodeJS.ProcessEnv, cwd = root, underTime = hasTime): Started {
  const timeFile = join(work, `time-${++sequence}.txt`);
  const argv = underTime ? [TIME, '-f', '%M %U %S', '-o', timeFile, ...command] : command;
  const t0 = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 16_384) output += chunk.toString();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('error', (error) => {
      output += String(error);
      live.delete(child);
      done({ code: -1, signal: null });
    });
    child.once('close', (code, signal) => {
      live.delete(child);
      done({ code, signal });
    });
  });
  return { child, t0, timeFile, output: () => output, exited };
}

/** Peak RSS (bytes) and user + system CPU (s) that GNU time wrote on its last line (`%M %U %S`), or NaN. */
function usage(timeFile: string): { rss: number; cpu: number } {
  if (!hasTime) return { rss: Number.NaN, cpu: Number.NaN };
  try {
    const [kib, user, system] = readFileSync(timeFile, 'utf8')
      .trim()
      .split('\n')
      .at(-1)!
      .split(' ')
      .map(Number);
    return { rss: kib! * 1024, cpu: user! + system! };
  } catch {
    return { rss: Number.NaN, cpu: Number.NaN };
  }
}

function timeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

/** Runs a short command to its exit. Throws (with its output) when it hangs, or fails and !allowFailure. */
async function runToExit(command: string[], env: NodeJS.ProcessEnv, allowFailure = false): Promise<Sample> {
  // Wall time is taken without the GNU time wrapper (it adds its own exec and wait); a second run under it
  // gives the peak RSS and CPU.
  const wall = await runOnce(command, env, allowFailure, false);
  if (!hasTime) return wall;
  const measured = await runOnce(command, env, allowFailure, true);
  return { ...measured, ms: wall.ms };
}

async function runOnce(
  command: string[],
  env: NodeJS.ProcessEnv,
  allowFailure: boolean,
  underTime: boolean,
): Promise<Sample> {
  const run = start(command, env, root, underTime);
  const result = await timeout(run.exited, SHORT_TIMEOUT_MS);
  const ms = performance.now() - run.t0;
  if (result === 'timeout') {
    killGroup(run.child, 'SIGKILL');
    await run.exited;
    throw new Error(`${command.join(' ')} did not exit within ${SHORT_TIMEOUT_MS} ms`);
  }
  if (result.code !== 0 && !(allowFailure && result.code !== null && result.code > 0)) {
    throw new Error(`${command.join(' ')} exited ${result.code ?? result.signal}:\n${run.output().trim()}`);
  }
  if (result.code !== 0 && !failures.has(command.join(' '))) {
    failures.add(command.join(' '));
    console.error(`note: ${command.join(' ')} exits ${result.code}: ${run.output().trim().split('\n')[0]}`);
  }
  return { ms, ...usage(run.timeFile), code: result.code ?? -1 };
}

const failures = new Set<string>();

/** A free TCP port on 127.0.0.1 (bound and released). */
function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** True when GET / on the port answers 2xx (one attempt, no keep-alive). */
function answers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const request = get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 2000 }, (response) => {
      response.resume();
      done((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => done(false));
  });
}

/** The live descendants of pid, deepest first (from /proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return;
    }
    for (const child of children) {
      visit(child);
      found.push(child);
    }
  };
  visit(pid);
  return found;
}

/** Starts the platform, times it to the first 2xx on GET /, then SIGTERMs it and waits for the exit. */
async function runToReady(command: (port: number, database: string) => string[], env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const dir = mkdtempSync(join(work, 'db-'));
  const run = start(command(port, join(dir, 'paperclip.db')), env);
  let gone = false;
  void run.exited.then(() => {
    gone = true;
  });
  let ms = Number.NaN;
  while (performance.now() - run.t0 < READY_TIMEOUT_MS && !gone) {
    if (await answers(port)) {
      ms = performance.now() - run.t0;
      break;
    }
    await new Promise((wait) => setTimeout(wait, 10));
  }
  // SIGTERM only the server (the leaf of time → npm → sh → node): the processes between reap it and exit by
  // themselves, so GNU time sees the whole tree's peak. Without time, the child is the server or npm.
  const tree = hasTime ? descendants(run.child.pid!) : [run.child.pid!];
  const leaves = tree.filter((pid) => descendants(pid).length === 0);
  for (const pid of leaves.length > 0 ? leaves : [run.child.pid!]) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  const result = await timeout(run.exited, EXIT_TIMEOUT_MS);
  if (result === 'timeout') {
    killGroup(run.child, 'SIGKILL');
    await run.exited;
  }
  rmSync(dir, { recursive: true, force: true });
  if (Number.isNaN(ms)) {
    throw new Error(`${command(port, '…').join(' ')} never answered GET / :\n${run.output().trim()}`);
  }
  if (result === 'timeout')
    console.error(`  warning: it did not exit within ${EXIT_TIMEOUT_MS} ms of SIGTERM`);
  return { ms, ...usage(run.timeFile), code: 0 };
}

// ---- the rows ----
interface Case {
  name: string;
  kind: 'short' | 'ready';
  goalMs?: number;
  goalMiB?: number;
  measure: () => Promise<Sample>;
}

const node = process.execPath;
const serveEnv = (nodeOptions?: string) =>
  childEnv(
    { SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', AUTH_RATE_LIMIT: '0' },
    nodeOptions,
  );
const serveArgs = (port: number, database: string) => ['--port', String(port), '--database', database];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The short rows tolerate a non-zero exit (the old bin has no --version) and name it in the row. */
function binCases(label: string, path: string, withServe: boolean): Case[] {
  const env = childEnv({}, childNodeOptions);
  const cases: Case[] = [
    {
      name: `${label} --version`,
      kind: 'short',
      goalMs: GOALS.shortMs,
      goalMiB: GOALS.shortMiB,
      measure: () => runToExit([node, path, '--version'], env, true),
    },
    {
      name: `${label} --help`,
      kind: 'short',
      goalMs: GOALS.shortMs,
      goalMiB: GOALS.shortMiB,
      measure: () => runToExit([node, path, '--help'], env, true),
    },
  ];
  if (withServe) {
    cases.push({
      name: `${label} serve → ready`,
      kind: 'ready',
      goalMs: GOALS.readyMs,
      measure: () =>
        runToReady((port, db) => [node, path, 'serve', ...serveArgs(port, db)], serveEnv(childNodeOptions)),
    });
  }
  return cases;
}

/** What `npm start` runs: node_modules/.bin/paperclip, relative to the root. */
function npmStartTarget(): string {
  try {
    return relative(root, realpathSync(join(root, 'node_modules/.bin/paperclip')));
  } catch {
    return 'missing node_modules/.bin/paperclip';
  }
}

/** Checks that a bin runs at all (`--help` exits 0) before spending runs on it. */
async function usable(path: string): Promise<string | undefined> {
  if (!existsSync(path)) return `${relative(root, path)} does not exist`;
  try {
    await runToExit([node, path, '--help'], childEnv({}, childNodeOptions));
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' / ');
  }
}

const cases: Case[] = [
  { name: 'node -e 0', kind: 'short', measure: () => runToExit([node, '-e', '0'], childEnv()) },
];
const binProblem = await usable(bin);
if (binProblem === undefined)
  cases.push(...binCases(`paperclip (${relative(root, bin)})`, bin, !values['no-serve']));
else console.error(`skipping the bin: ${binProblem} (build it: npm run build, or pass --bin <path>)`);
if (beforeBin !== undefined) {
  const problem = await usable(beforeBin);
  if (problem === undefined)
    cases.push(...binCases(`before: ${relative(root, beforeBin)}`, beforeBin, !values['no-serve']));
  else console.error(`skipping the before bin: ${problem}`);
}
if (!values['no-serve']) {
  cases.push({
    name: `npm start → ready (.bin/paperclip → ${npmStartTarget()})`,
    kind: 'ready',
    goalMs: GOALS.readyMs,
    measure: () =>
      runToReady(
        (port, db) => [npm, 'start', '--silent', '--', ...serveArgs(port, db)],
        serveEnv(childNodeOptions),
      ),
  });
}
if (cases.length === 1)
  throw new Error('nothing to measure besides node -e 0: build the CLI or pass --bin <path>');
if (!hasTime) console.error(`${TIME} is missing (apt-get install -y time): peak RSS is not measured`);

// ---- measure ----
const started = performance.now();
const rows: BenchRow[] = [];
const summary: Record<string, string | number>[] = [];
let baseline: { ms: number; mib: number; cpu: number } | undefined;
for (const item of cases) {
  const count = item.kind === 'short' ? runs : serveRuns;
  let samples: Sample[];
  try {
    await item.measure(); // warm-up: file cache, JIT caches
    samples = [];
    for (let run = 0; run < count; run++) samples.push(await item.measure());
  } catch (error) {
    console.error(`${item.name}: failed, skipped: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  const codes = [...new Set(samples.map((s) => s.code).filter((code) => code !== 0))];
  const name = codes.length === 0 ? item.name : `${item.name} [exits ${codes.join('/')}]`;
  const ms = samples.map((s) => s.ms);
  const mibs = samples.map((s) => s.rss / MiB);
  const wall = median(ms);
  const mib = median(mibs);
  const cpu = median(samples.map((s) => s.cpu * 1000));
  const metric = item.kind === 'short' ? 'wall' : 'spawn → ready';
  const add = (metric: string, value: number, unit: string) =>
    rows.push({ name, metric, value: round(value), unit });
  add(`${metric} median`, wall, 'ms');
  add(`${metric} p10`, quantile(ms, 0.1), 'ms');
  add(`${metric} p90`, quantile(ms, 0.9), 'ms');
  if (hasTime) {
    add('peak RSS median', mib, 'MiB');
    add('peak RSS max', Math.max(...mibs), 'MiB');
    add('CPU user+sys median', cpu, 'ms');
  }
  if (baseline === undefined) baseline = { ms: wall, mib, cpu };
  else {
    add('wall ratio vs node -e 0', wall / baseline.ms, '×');
    if (hasTime) {
      add('RSS ratio vs node -e 0', mib / baseline.mib, '×');
      add('CPU ratio vs node -e 0', cpu / baseline.cpu, '×');
    }
  }
  if (item.goalMs !== undefined) add('goal: wall median ≤', item.goalMs, 'ms');
  if (item.goalMiB !== undefined) add('goal: peak RSS ≤', item.goalMiB, 'MiB');
  const met =
    item.goalMs === undefined
      ? '(baseline)'
      : wall <= item.goalMs && (item.goalMiB === undefined || !hasTime || mib <= item.goalMiB)
        ? 'yes'
        : 'NO';
  const isBaseline = item.goalMs === undefined;
  summary.push({
    row: name,
    runs: count,
    'median ms': round(wall),
    'p10 ms': round(quantile(ms, 0.1)),
    'p90 ms': round(quantile(ms, 0.9)),
    '× node': isBaseline ? 1 : round(wall / baseline.ms),
    'CPU ms': hasTime ? round(cpu) : 'n/a',
    'peak MiB': hasTime ? round(mib) : 'n/a',
    '× node RSS': hasTime ? (isBaseline ? 1 : round(mib / baseline.mib)) : 'n/a',
    goal: isBaseline ? '' : `≤ ${item.goalMs} ms${item.goalMiB ? `, ≤ ${item.goalMiB} MiB` : ''}`,
    met,
  });
  console.error(`${name}: ${round(wall)} ms, ${hasTime ? `${round(mib)} MiB` : 'RSS n/a'} (${count} runs)`);
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

if (values.out) {
  const file = resolve(values.out);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`wrote ${file}`);
} else {
  reportBench('cli', rows);
}
console.table(summary);
console.error(`bench:cli finished in ${Math.round((performance.now() - started) / 1000)} s`);
