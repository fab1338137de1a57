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
  const child = spawn(process.execPath, ['--import', tsxLoader, script, String(port)], {
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
  });
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

async function measure(
  url: string,
  scenario: Scenario,
): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const rps: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  let errors = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const result = await autocannon({
      url,
      connections: scenario.connections ?? CONNECTIONS,
      // CPU-bound endpoints run twice as long so each run completes enough requests for a median.
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
    errors += result.errors + result.non2xx;
    rps.push(result.requests.average);
    p50.push(result.latency.p50);
    p99.push(result.latency.p99);
  }
  return { rps: median(rps), p50: median(p50), p99: median(p99), errors };
}

interface Measured {
  rows: BenchRow[];
  rps: Record<ScenarioKey, number>;
}

/** Runs each scenario against a server and turns the medians into rows. */
async function runScenarios(
  label: string,
  url: string,
  scenarios: Scenario[],
  drain: () => Promise<unknown>,
): Promise<Measured> {
  const rows: BenchRow[] = [];
  const rps = { friends: 0, register: 0, token: 0 };
  for (const scenario of scenarios) {
    const result = await measure(url, scenario);
    // Requests still queued on the server's thread pool would slow the next scenario: wait for one more
    // scrypt call to come back, which runs after them.
    await drain();
    const name = `${label} ${scenario.name}`;
    console.log(
      `${name}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms${result.errors ? `, ${result.errors} errors` : ''}`,
    );
    rps[scenario.key] = result.rps;
    rows.push(
      { name, metric: 'requests/s (median)', value: result.rps, unit: 'req/s' },
      { name, metric: 'latency p50 (median)', value: result.p50, unit: 'ms' },
      { name, metric: 'latency p99 (median)', value: result.p99, unit: 'ms' },
    );
    if (result.errors > 0)
      rows.push({ name, metric: 'errors + non-2xx', value: result.errors, unit: 'responses' });
  }
  return { rows, rps };
}

/** The same three workloads on bare node:http (static JSON; scrypt; RSA keygen + scrypt), in its own process. */
async function benchBaseline(): Promise<Measured> {
  const server = await startServer({}, baselineScript);
  try {
    return await runScenarios(
      'baseline node:http',
      server.url,
      [
        { key: 'friends', name: 'static friends JSON', path: '/friends/' },
        {
          key: 'register',
          name: 'RSA keygen + scrypt',
          path: '/register',
          method: 'POST',
          connections: SLOW_CONNECTIONS,
        },
        { key: 'token', name: 'scrypt', path: '/scrypt', connections: SLOW_CONNECTIONS },
      ],
      () => call(server.url, 'GET', '/scrypt'),
    );
  } finally {
    await server.stop();
  }
}

async function benchDialect(label: string, env: Record<string, string>): Promise<Measured> {
  const server = await startServer(env);
  try {
    const password = 'bench-password';
    await call(server.url, 'POST', '/auth/register', undefined, { username: 'bench', password });
    const token = (await call(server.url, 'GET', '/auth/token', basic('bench', password))).token as string;
    const tokenAuth = basic(token, '');
    for (let i = 0; i < FRIENDS; i += 1) {
      await call(server.url, 'POST', '/auth/register', undefined, { username: `friend${i}`, password });
      await call(server.url, 'POST', '/friends/add', tokenAuth, { username: `friend${i}` });
    }
    let nextUser = 0;
    const scenarios: Scenario[] = [
      {
        key: 'friends',
        name: 'GET /friends/ (token)',
        path: '/friends/',
        headers: { authorization: tokenAuth },
      },
      {
        key: 'register',
        name: 'POST /auth/register',
        path: '/auth/register',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: () => JSON.stringify({ username: `user${nextUser++}`, password }),
        connections: SLOW_CONNECTIONS,
      },
      {
        key: 'token',
        name: 'GET /auth/token (password)',
        path: '/auth/token',
        headers: { authorization: basic('bench', password) },
        connections: SLOW_CONNECTIONS,
      },
    ];
    return await runScenarios(label, server.url, scenarios, () =>
      call(server.url, 'GET', '/auth/token', basic('bench', password)),
    );
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
  const baseline = await benchBaseline();
  const sqlite = await benchDialect('sqlite', { DATABASE_URL: join(workDir, 'bench.db') });
  const postgres = await benchDialect('postgres', { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema });
  const ratios = (label: string, measured: Measured): BenchRow[] =>
    (['friends', 'register', 'token'] as const).map((key) =>
      ratioRow(
        `${label} ${key} requests/s`,
        measured.rps[key],
        baseline.rps[key],
        'node:http doing the same crypto',
      ),
    );
  reportBench('api', [
    ...baseline.rows,
    ...sqlite.rows,
    ...postgres.rows,
    ...ratios('sqlite', sqlite),
    ...ratios('postgres', postgres),
  ]);
} finally {
  rmSync(workDir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
