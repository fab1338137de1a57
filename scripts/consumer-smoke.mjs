// Consumer smoke test: packs and lints the library packages, installs them in a fresh project outside the repository, uses them.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const repoBin = (name) => join(repo, 'node_modules', '.bin', name);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The published packages, with one runtime export to look for per entry point (null: types only, loading is the check). */
const PACKAGES = [
  {
    dir: 'protocol',
    entries: { '@paperclip/protocol': 'Endpoint', '@paperclip/protocol/testing': 'seededRandom' },
  },
  { dir: 'messages', entries: { '@paperclip/messages': 'defineMessage' } },
  { dir: 'net', entries: { '@paperclip/net': 'UdpAcceptor' } },
  { dir: 'client', entries: { '@paperclip/client': 'connect', '@paperclip/client/bundle': 'connect' } },
  {
    dir: 'platform',
    entries: { '@paperclip/platform': 'startPlatform', '@paperclip/platform/client': 'PlatformClient' },
  },
  { dir: 'cli', entries: { '@paperclip/cli': null } },
];

// SMOKE_SKIP=cli,... leaves packages out, for local runs while one of them does not build; CI sets nothing.
const skipped = new Set((process.env.SMOKE_SKIP ?? '').split(',').filter(Boolean));
const packages = PACKAGES.filter((pkg) => !skipped.has(pkg.dir));
const has = (dir) => packages.some((pkg) => pkg.dir === dir);

const results = [];
const children = new Set();
let workDir;
let lastRecord = performance.now();

/** Prints and keeps one check's outcome; checks run one after another, so the time since the last one is its duration. */
function record(check, ok, detail = '') {
  const now = performance.now();
  results.push({ check, ok, seconds: (now - lastRecord) / 1000 });
  lastRecord = now;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${check}${ok || !detail ? '' : `\n${indent(detail)}`}`);
  return ok;
}

function indent(text) {
  const lines = text.trim().split('\n');
  const shown = lines.length > 40 ? [...lines.slice(0, 40), `… ${lines.length - 40} more lines`] : lines;
  return shown.map((line) => `      ${line}`).join('\n');
}

/**
 * The environment of a process outside the repository: without what `npm run` exports about this repository
 * (npm_config_local_prefix would make npm install into it) and without the source condition (it would load .ts).
 */
function consumerEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    const npmRunVariable = key.startsWith('npm_') && !key.startsWith('npm_config_');
    const repoConfig =
      /^npm_config_(local_prefix|prefix|global_prefix|workspaces?|include_workspace_root|call)$/.test(key);
    if (npmRunVariable || repoConfig || key === 'INIT_CWD') delete env[key];
  }
  if (env.NODE_OPTIONS?.includes('@paperclip/source')) delete env.NODE_OPTIONS;
  return env;
}

/** Runs a command to completion with a time limit; never throws. */
function run(command, args, { cwd = repo, timeoutMs = 120_000 } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: consumerEnv(),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.error) return { ok: false, stdout: '', output: `${result.error.message}\n${output}` };
  return { ok: result.status === 0, stdout: result.stdout, output };
}

/** Every file a package's exports and bin point at (the @paperclip/source condition is for the repository only). */
function builtTargets(manifest) {
  const targets = [];
  const collect = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value)
      for (const [key, inner] of Object.entries(value)) if (key !== '@paperclip/source') collect(inner);
  };
  for (const [subpath, target] of Object.entries(manifest.exports ?? {}))
    if (subpath !== './package.json') collect(target);
  collect(manifest.bin);
  return targets;
}

function requireBuilt() {
  for (const { dir } of packages) {
    const root = join(repo, 'packages', dir);
    const missing = builtTargets(readJson(join(root, 'package.json'))).find(
      (file) => !existsSync(join(root, file)),
    );
    if (missing) {
      console.error(
        `packages/${dir}/${missing.replace('./', '')} is missing: run \`npm run build\` before the smoke test.`,
      );
      process.exit(1);
    }
  }
}

/** `npm pack` of one package into the tarball folder; returns the tarball's path. */
function pack(dir, tarballs) {
  const result = run('npm', ['pack', '--json', '--pack-destination', tarballs], {
    cwd: join(repo, 'packages', dir),
  });
  if (!result.ok) {
    record(`pack @paperclip/${dir}`, false, result.output);
    return null;
  }
  const [{ filename, entryCount }] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
  record(`pack @paperclip/${dir}`, true);
  console.log(`      ${filename} (${entryCount} files)`);
  return join(tarballs, filename);
}

function lint(dir, tarball) {
  const publint = run(repoBin('publint'), ['--strict', tarball]);
  record(`publint --strict @paperclip/${dir}`, publint.ok, publint.output);
  const attw = run(repoBin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped']);
  record(`attw --profile esm-only @paperclip/${dir}`, attw.ok, attw.output);
}

/** A fresh ESM project with only the tarballs installed (their third-party dependencies come from the registry). */
function createConsumer(consumer, tarballs) {
  mkdirSync(consumer);
  const init = run('npm', ['init', '-y'], { cwd: consumer });
  if (!record('npm init -y', init.ok, init.output)) return false;
  const manifest = readJson(join(consumer, 'package.json'));
  // better-sqlite3 (via @paperclip/platform) builds its native addon in an install script, which npm must be allowed to run.
  Object.assign(manifest, { type: 'module', private: true, allowScripts: { 'better-sqlite3': true } });
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const install = run('npm', ['install', ...tarballs, '--no-audit', '--no-fund'], {
    cwd: consumer,
    timeoutMs: 15 * 60_000,
  });
  return record('npm install <tarballs>', install.ok, install.output);
}

/** `import()` and `require()` (require(esm), Node ≥ 20.19) of every entry point, each in a plain `node` process. */
function checkImports(consumer) {
  for (const { entries } of packages) {
    for (const [specifier, name] of Object.entries(entries)) {
      const check = name
        ? `if (m[${JSON.stringify(name)}] === undefined) throw new Error('no export ${name}');`
        : `if (typeof m !== 'object') throw new Error('not a module');`;
      const esm = `const m = await import('${specifier}'); ${check}`;
      const cjs = `const m = require('${specifier}'); ${check}`;
      const imported = run(process.execPath, ['--input-type=module', '-e', esm], {
        cwd: consumer,
        timeoutMs: 30_000,
      });
      record(`import ${specifier}${name ? ` (${name})` : ''}`, imported.ok, imported.output);
      const required = run(process.execPath, ['-e', cjs], { cwd: consumer, timeoutMs: 30_000 });
      record(`require ${specifier}${name ? ` (${name})` : ''}`, required.ok, required.output);
    }
  }
}

/** What a TypeScript consumer writes, per package; the @ts-expect-error lines fail if the published types were `any`. */
const CONSUMER_SNIPPETS = {
  protocol: `
import type { Endpoint } from '@paperclip/protocol';
import { seededRandom } from '@paperclip/protocol/testing';
export type CoreEndpoint = Endpoint;
export const random: () => number = seededRandom(42);
`,
  messages: `
import { defineMessage, MessageRegistry, MessageServer, type PayloadOf, Type } from '@paperclip/messages';
export const Move = defineMessage('game:move', Type.Object({ x: Type.Integer(), y: Type.Integer() }), { from: 'client' });
export const registry = new MessageRegistry([Move]);
export const server = new MessageServer({ registry, authenticate: async ({ token }) => ({ ok: true, identity: token }) });
server.onMessage(Move, (move, connection) => console.log(connection.identity, move.x + move.y));
// @ts-expect-error x is an integer in the schema, so a string does not type-check
export const badMove: PayloadOf<typeof Move> = { x: 'left', y: 0 };
`,
  net: `
import { acceptAnyCertificate, connectUdp, connectWebSocket, UdpAcceptor, WebSocketAcceptor } from '@paperclip/net';
export async function serveAndConnect(): Promise<void> {
  await server.listen(new UdpAcceptor({ host: '127.0.0.1', port: 0, server: { validator: acceptAnyCertificate } }));
  await server.listen(new WebSocketAcceptor({ host: '127.0.0.1', port: 0 }));
  const overUdp = connectUdp('127.0.0.1:40200', { registry, token: 'ada', udp: { client: { validator: acceptAnyCertificate } } });
  const overWebSocket = connectWebSocket('ws://127.0.0.1:8080/', { registry, token: 'bob' });
  await Promise.all([overUdp.waitForConnection(5000), overWebSocket.waitForConnection(5000)]);
  overUdp.send(Move, { x: 1, y: 2 });
  // @ts-expect-error y is missing
  overWebSocket.send(Move, { x: 1 });
}
`,
  client: `
import { connect, type MessageConnection } from '@paperclip/client';
export function browserSide(url: string): MessageConnection {
  const connection = connect(url, { registry, token: 'carol' });
  connection.onMessage(Move, (move) => console.log(move.x.toFixed(0)));
  return connection;
}
`,
  platform: `
import { type RunningPlatform, startPlatform } from '@paperclip/platform';
import { PlatformClient } from '@paperclip/platform/client';
export const start: typeof startPlatform = startPlatform;
export type Running = RunningPlatform;
export async function gameNames(baseUrl: string): Promise<string[]> {
  const session = await new PlatformClient(baseUrl).login('ada', 'secret');
  return (await session.games()).map((game) => game.name);
}
`,
  cli: `
import type { PaperclipPlugin } from '@paperclip/cli';
export type Plugin = PaperclipPlugin;
`,
};

/**
 * A tsconfig as a consumer writes it. skipLibCheck false checks the published .d.ts files too; that needs lib DOM,
 * because @paperclip/net re-exports @peculiar/x509, whose declarations use WebCrypto globals (CryptoKey,
 * BufferSource) that @types/node 20 does not declare. The third check is a Node-only project: no DOM, skipLibCheck.
 */
const TYPE_CHECKS = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2023', 'DOM'], skipLibCheck: false },
  bundler: { module: 'esnext', moduleResolution: 'bundler', lib: ['ES2023', 'DOM'], skipLibCheck: false },
  'nodenext-no-dom': {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['ES2023'],
    skipLibCheck: true,
  },
};

function tsconfig(options, files) {
  const compilerOptions = { target: 'ES2022', types: ['node'], strict: true, ...options };
  return `${JSON.stringify({ compilerOptions, ...(files ? { files } : {}) }, null, 2)}\n`;
}

/** Type-checks the consumer file with the repository's TypeScript under nodenext and bundler resolution. */
function checkTypes(consumer) {
  // A TypeScript consumer of Node packages brings its own @types/node; take the repository's range.
  const typesNode = `@types/node@${readJson(join(repo, 'package.json')).devDependencies['@types/node']}`;
  const install = run('npm', ['install', '--save-dev', typesNode, '--no-audit', '--no-fund'], {
    cwd: consumer,
    timeoutMs: 5 * 60_000,
  });
  if (!record(`npm install ${typesNode}`, install.ok, install.output)) return;
  const source = packages.map(({ dir }) => CONSUMER_SNIPPETS[dir]).join('');
  writeFileSync(join(consumer, 'consumer-types.ts'), `// What a TypeScript consumer writes.${source}`);
  for (const [name, options] of Object.entries(TYPE_CHECKS)) {
    const config = join(consumer, `tsconfig.${name}.json`);
    writeFileSync(config, tsconfig({ ...options, noEmit: true }, ['consumer-types.ts']));
    const tsc = run(repoBin('tsc'), ['-p', config], { cwd: consumer });
    const label = `${options.moduleResolution}, ${options.lib.join('+')}, skipLibCheck ${options.skipLibCheck}`;
    record(`tsc strict (${label})`, tsc.ok, tsc.output);
  }
}

const FIRST_APP_FILES = ['messages.ts', 'server.ts', 'client.ts', 'browser.ts'];

// Drivers around the unchanged example files: free ports, and one JSON line per carrier for this script to read.
const SERVER_DRIVER = `// Smoke-test driver: the first app's server on free loopback ports; exits when its parent goes away.
import { startServer } from './server.ts';

const { websocketUrl, udpAddress } = await startServer({ ws: 0, udp: 0 });
console.log(JSON.stringify({ websocketUrl, udpAddress }));
process.stdin.on('end', () => process.exit(0)).resume();
setTimeout(() => process.exit(2), 120_000).unref();
`;

const CLIENT_DRIVER = `// Smoke-test driver: the first app's clients in their own process; prints one JSON line per carrier.
import { connectWebSocket } from '@paperclip/net';
import { joinChat } from './browser.ts';
import { sayOnce } from './client.ts';
import { ChatPost, ChatSend, registry } from './messages.ts';

type Post = { from: string; text: string };
const [websocketUrl = '', udpAddress = ''] = process.argv.slice(2);

async function overWebSocket(): Promise<Post> {
  const connection = connectWebSocket(websocketUrl, { registry, token: 'ws-client' });
  await connection.waitForConnection(5000);
  const echoed = new Promise<Post>((resolve) => {
    connection.onMessage(ChatPost, (post) => {
      if (post.from === 'ws-client') resolve(post);
    });
  });
  connection.send(ChatSend, { text: 'hello over WebSocket' });
  const post = await echoed;
  await connection.close('bye');
  return post;
}

async function overBrowserClient(): Promise<Post> {
  let resolve: (post: Post) => void = () => {};
  const echoed = new Promise<Post>((done) => {
    resolve = done;
  });
  const chat = await joinChat(websocketUrl, 'browser-client', (from, text) => {
    if (from === 'browser-client') resolve({ from, text });
  });
  chat.say('hello from @paperclip/client');
  const post = await echoed;
  await chat.leave();
  return post;
}

async function report(carrier: string, exchange: () => Promise<Post>): Promise<boolean> {
  try {
    console.log(JSON.stringify({ carrier, post: await exchange() }));
    return true;
  } catch (error) {
    console.log(JSON.stringify({ carrier, error: String(error) }));
    return false;
  }
}

const ok = [
  await report('udp', () => sayOnce(udpAddress, 'udp-client', 'hello over UDP')),
  await report('websocket', overWebSocket),
  // @paperclip/client needs a global WebSocket: Node 20 has one behind --experimental-websocket.
  'WebSocket' in globalThis ? await report('client', overBrowserClient) : true,
];
process.exit(ok.every(Boolean) ? 0 : 1);
`;

/** What each client of run-client.ts must get back, named by the API it went through. */
const EXPECTED_POSTS = {
  udp: { over: 'UDP (net connectUdp)', post: { from: 'udp-client', text: 'hello over UDP' } },
  websocket: {
    over: 'WebSocket (net connectWebSocket)',
    post: { from: 'ws-client', text: 'hello over WebSocket' },
  },
  client: {
    over: 'WebSocket (client connect)',
    post: { from: 'browser-client', text: 'hello from @paperclip/client' },
  },
};

/** Copies the repository's first-app example into the consumer and compiles it there with the repository's tsc. */
function buildFirstApp(consumer) {
  const app = join(consumer, 'first-app');
  mkdirSync(app);
  const example = join(repo, 'packages', 'client', 'examples', 'first-app');
  for (const file of FIRST_APP_FILES) copyFileSync(join(example, file), join(app, file));
  writeFileSync(join(app, 'run-server.ts'), SERVER_DRIVER);
  writeFileSync(join(app, 'run-client.ts'), CLIENT_DRIVER);
  writeFileSync(
    join(app, 'tsconfig.json'),
    tsconfig({
      ...TYPE_CHECKS.nodenext,
      rootDir: '.',
      outDir: 'dist',
      rewriteRelativeImportExtensions: true,
    }),
  );
  const tsc = run(repoBin('tsc'), ['-p', join(app, 'tsconfig.json')], { cwd: app });
  return record('first app compiles against the published types (nodenext)', tsc.ok, tsc.output) && app;
}

/** Starts the server driver and resolves with the addresses it prints, or rejects after `timeoutMs`. */
function startServer(app, timeoutMs = 15_000) {
  const server = spawn(process.execPath, ['dist/run-server.js'], { cwd: app, env: consumerEnv() });
  children.add(server);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no addresses within ${timeoutMs} ms\n${output}`)),
      timeoutMs,
    );
    const fail = (why) => {
      clearTimeout(timer);
      reject(new Error(`${why}\n${output}`));
    };
    server.on('exit', (code) => fail(`the server exited (${code})`));
    server.stderr.on('data', (chunk) => {
      output += chunk;
    });
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
  });
}

/** A JSON line of the client driver as [object], anything else (a warning, a stack) as []. */
function parseJsonLine(line) {
  try {
    return line.startsWith('{') ? [JSON.parse(line)] : [];
  } catch {
    return [];
  }
}

/** Runs the compiled first app: a server process and a client process exchanging typed chat messages. */
async function runFirstApp(app) {
  let addresses;
  try {
    addresses = await startServer(app);
  } catch (error) {
    return record('first app server starts', false, error.message);
  }
  record('first app server starts', true);
  console.log(`      ${addresses.websocketUrl} and udp ${addresses.udpAddress}`);
  const flags = 'WebSocket' in globalThis ? [] : ['--experimental-websocket'];
  const client = run(
    process.execPath,
    [...flags, 'dist/run-client.js', addresses.websocketUrl, addresses.udpAddress],
    { cwd: app, timeoutMs: 30_000 },
  );
  const lines = client.stdout.split('\n').flatMap(parseJsonLine);
  for (const [carrier, { over, post }] of Object.entries(EXPECTED_POSTS)) {
    const line = lines.find((entry) => entry.carrier === carrier);
    const ok = JSON.stringify(line?.post) === JSON.stringify(post);
    record(`first app typed reply over ${over}`, ok, line?.error ?? client.output);
  }
}

/** The installed `paperclip` bin answers --version with the cli package's version, and --help. */
function checkCli(consumer) {
  const bin = join(consumer, 'node_modules', '.bin', 'paperclip');
  const expected = readJson(join(repo, 'packages', 'cli', 'package.json')).version;
  const version = run(bin, ['--version'], { cwd: consumer, timeoutMs: 30_000 });
  const printed = version.stdout.trim();
  record(
    `paperclip --version prints ${expected}`,
    version.ok && printed === expected,
    `printed "${printed}"\n${version.output}`,
  );
  const help = run(bin, ['--help'], { cwd: consumer, timeoutMs: 30_000 });
  record('paperclip --help exits 0', help.ok, help.output);
}

function cleanUp() {
  for (const child of children) child.kill('SIGKILL');
  if (!workDir) return;
  if (process.env.KEEP_SMOKE === '1') console.log(`\nKEEP_SMOKE=1: the consumer project stays in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}

function printSummary() {
  const width = Math.max(5, ...results.map((result) => result.check.length));
  console.log(`\n${'check'.padEnd(width)}  result  seconds`);
  console.log(`${'-'.repeat(width)}  ------  -------`);
  for (const { check, ok, seconds } of results) {
    console.log(`${check.padEnd(width)}  ${ok ? 'pass  ' : 'FAIL  '}  ${seconds.toFixed(1).padStart(7)}`);
  }
  const failed = results.filter((result) => !result.ok).length;
  console.log(
    `\n${results.length - failed} passed, ${failed} failed${skipped.size ? ` (skipped: ${[...skipped]})` : ''}`,
  );
  return failed;
}

async function main() {
  requireBuilt();
  workDir = mkdtempSync(join(tmpdir(), 'paperclip-consumer-'));
  const tarballDir = join(workDir, 'tarballs');
  const consumer = join(workDir, 'consumer');
  mkdirSync(tarballDir);
  console.log(`Working in ${workDir}\n`);
  lastRecord = performance.now();
  const tarballs = packages.map(({ dir }) => ({ dir, tarball: pack(dir, tarballDir) }));
  for (const { dir, tarball } of tarballs) if (tarball) lint(dir, tarball);
  if (
    tarballs.every(({ tarball }) => tarball) &&
    createConsumer(
      consumer,
      tarballs.map(({ tarball }) => tarball),
    )
  ) {
    checkImports(consumer);
    checkTypes(consumer);
    const app = buildFirstApp(consumer);
    if (app) await runFirstApp(app);
    if (has('cli')) checkCli(consumer);
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

try {
  await main();
} finally {
  cleanUp();
}
process.exitCode = printSummary() ? 1 : 0;
