// `npm run bench:api`: HTTP API throughput and latency (autocannon) on SQLite and PostgreSQL, the server in
// its own process. Medians of several short runs per endpoint; results in bench/results/api.json.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { type BenchRow, median, ratioRow, reportBench } from '../../../bench/report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const mainScript = resolve(here, '../src/main.ts');
const baselineScript = resolve(here, 'baseline-server.ts');
const tsxLoader = pathToFileURL(resolve(here, '../../../node_modules/tsx/dist/loader.mjs')).href;
const POSTGRES_URL = process.env['PAPERCLIP_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 4);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const SLOW_CONNECTIONS = Number(process.env['BENCH_SLOW_CONNECTIONS'] ?? 4);
const FRIENDS = 10;

interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound and released). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Starts src/main.ts in its own process (logging at warn, as a busy production server would) and waits until it answers. */
async function startServer(env: Record<string, string>, script = mainScript): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=@paperclip/source', '--import', tsxLoader, script, String(port)],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        TCP_PORT: String(port),
        S_HOST: '127.0.0.1',
        AUTH_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        SECRET_KEY: randomBytes(24).toString('hex'),
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolveExit) => child.on('exit', () => resolveExit()));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const server: Server = {
    child,
    url,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (gone) throw new Error('the platform process exited before it answered');
    try {
      await fetch(`${url}/`);
      return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  await server.stop();
  throw new Error('the platform process did not answer within 30 s');
}

async function call(
  url: string,
  method: string,
  path: string,
  auth?: string,
  body?: object,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

type ScenarioKey = 'friends' | 'register' | 'token';

interface Scenario {
  key: ScenarioKey;
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A fresh body per request (autocannon's [<id>] replacement keeps the old Content-Length, so it hangs). */
  body?: () => string;
  /** Concurrent connections (CPU-bound endpoints get fewer: more would only queue on the thread pool). */
  connections?: number;
}

interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One autocannon run of a scenario. */
async function runOnce(url: string, scenario: Scenario): Promise<RunResult> {
  const result = await autocannon({
    url,
    connections: scenario.connections ?? CONNECTIONS,
    // CPU-bound endpoints run twice as long so each run completes enough requests.
    duration: scenario.connections === undefined ? DURATION_S : 2 * DURATION_S,
    requests: [
      {
        method: scenario.method ?? 'GET',
        path: scenario.path,
        headers: scenario.headers ?? {},
        ...(scenario.body === undefined
          ? {}
          : { setupRequest: (request: autocannon.Request) => ({ ...request, body: scenario.body!() }) }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** A process under test: its URL, its scenarios, and a call that returns once its queued work is done. */
interface Target {
  label: string;
  url: string;
  scenarios: Record<ScenarioKey, Scenario>;
  /** Requests still queued on the server's thread pool would slow the next run: one more scrypt call waits them out. */
  drain(): Promise<unknown>;
}

function toRows(name: string, runs: RunResult[]): BenchRow[] {
  const errors = runs.reduce((sum, run) => sum + run.errors, 0);
  const rows: BenchRow[] = [
    { name, metric: 'requests/s (median)', value: median(runs.map((r) => r.rps)), unit: 'req/s' },
    { name, metric: 'latency p50 (median)', value: median(runs.map((r) => r.p50)), unit: 'ms' },
    { name, metric: 'latency p99 (median)', value: median(runs.map((r) => r.p99)), unit: 'ms' },
  ];
  if (errors > 0) rows.push({ name, metric: 'errors + non-2xx', value: errors, unit: 'responses' });
  console.log(
    `${name}: ${rows[0]!.value.toFixed(1)} req/s, p50 ${rows[1]!.value} ms, p99 ${rows[2]!.value} ms`,
  );
  return rows;
}

/**
 * Runs each scenario RUNS times on the platform and on the baseline, alternating run by run so both see
 * the same machine load (this machine is shared), and adds the ratio of their median rates.
 */
async function compare(platform: Target, baseline: Target): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const key of ['friends', 'register', 'token'] as const) {
    const ours: RunResult[] = [];
    const theirs: RunResult[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      theirs.push(await runOnce(baseline.url, baseline.scenarios[key]));
      await baseline.drain();
      ours.push(await runOnce(platform.url, platform.scenarios[key]));
      await platform.drain();
    }
    const ourRows = toRows(`${platform.label} ${platform.scenarios[key].name}`, ours);
    const baseRows = toRows(
      `${baseline.label} ${baseline.scenarios[key].name} (beside ${platform.label})`,
      theirs,
    );
    rows.push(
      ...ourRows,
      ...baseRows,
      ratioRow(
        `${platform.label} ${platform.scenarios[key].name}`,
        ourRows[0]!.value,
        baseRows[0]!.value,
        `node:http ${baseline.scenarios[key].name}`,
      ),
    );
  }
  return rows;
}

/** Bare node:http doing only the unavoidable work of each endpoint, in its own process. */
function baselineTarget(url: string): Target {
  return {
    label: 'baseline',
    url,
    scenarios: {
      friends: { key: 'friends', name: 'static friends JSON', path: '/friends/' },
      register: {
        key: 'register',
        name: 'RSA keygen + key scrypt + scrypt',
        path: '/register',
        method: 'POST',
        connections: SLOW_CONNECTIONS,
      },
      token: { key: 'token', name: 'scrypt', path: '/scrypt', connections: SLOW_CONNECTIONS },
    },
    drain: () => call(url, 'GET', '/scrypt'),
  };
}

/** Starts the platform on a database, seeds an account with friends, and compares it with the baseline. */
async function benchDialect(
  label: string,
  env: Record<string, string>,
  baseline: Target,
): Promise<BenchRow[]> {
  const server = await startServer(env);
  try {
    const password = 'bench-password';
    await call(server.url, 'POST', '/auth/register', undefined, { username: 'bench', password });
    const token = (await call(server.url, 'GET', '/auth/token', basic('bench', password))).token as string;
    const tokenAuth = basic(token, '');
    for (let i = 0; i < FRIENDS; i += 1) {
      await call(server.url, 'POST', '/auth/register', undefined, { username: `friend${i}`, password });
      await call(server.url, 'POST', '/friends/add', tokenAuth, { username: `friend${i}` });
      // Friends by consent: the request becomes a friendship when the friend adds back.
      const friendToken = (await call(server.url, 'GET', '/auth/token', basic(`friend${i}`, password)))
        .token as string;
      await call(server.url, 'POST', '/friends/add', basic(friendToken, ''), { username: 'bench' });
    }
    let nextUser = 0;
    const platform: Target = {
      label,
      url: server.url,
      scenarios: {
        friends: {
          key: 'friends',
          name: 'GET /friends/ (token)',
          path: '/friends/',
          headers: { authorization: tokenAuth },
        },
        register: {
          key: 'register',
          name: 'POST /auth/register',
          path: '/auth/register',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: () => JSON.stringify({ username: `user${nextUser++}`, password }),
          connections: SLOW_CONNECTIONS,
        },
        token: {
          key: 'token',
          name: 'GET /auth/token (password)',
          path: '/auth/token',
          headers: { authorization: basic('bench', password) },
          connections: SLOW_CONNECTIONS,
        },
      },
      drain: () => call(server.url, 'GET', '/auth/token', basic('bench', password)),
    };
    return await compare(platform, baseline);
  } finally {
    await server.stop();
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'paperclip-bench-api-'));
const schema = `bench_api_${process.pid}`;
try {
  console.log(
    `bench:api — ${RUNS} runs × ${DURATION_S} s, ${CONNECTIONS} connections (${SLOW_CONNECTIONS} for register/token), server in its own process`,
  );
  const baselineServer = await startServer({}, baselineScript);
  try {
    const baseline = baselineTarget(baselineServer.url);
    const rows = [
      ...(await benchDialect('sqlite', { DATABASE_URL: join(workDir, 'bench.db') }, baseline)),
      ...(await benchDialect('postgres', { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema }, baseline)),
    ];
    reportBench('api', rows);
  } finally {
    await baselineServer.stop();
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
