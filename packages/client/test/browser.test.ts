// The browser bundle, built by vite, exercised in Debian's headless Chromium against real Paperclip servers.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CloseReason, defineMessage, MessageRegistry, MessageServer, Type } from '@paperclip/messages';
import { WebSocketAcceptor } from '@paperclip/net';
import { type BrowserContext, chromium } from 'playwright-core';
import { build, defaultClientConditions } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sayOnce } from '../examples/first-app/client.ts';
import { ChatSend } from '../examples/first-app/messages.ts';
import { startServer } from '../examples/first-app/server.ts';

/** Debian's chromium; CI installs it with `apt-get update && apt-get install -y chromium`. Never downloaded. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const clientRoot = fileURLToPath(new URL('..', import.meta.url));
const pagesDir = fileURLToPath(new URL('./pages', import.meta.url));

const Echo = defineMessage('test:echo', Type.Object({ text: Type.String({ maxLength: 20 }) }));
const echoRegistry = new MessageRegistry([Echo]);

interface Running {
  workDir: string;
  context: BrowserContext;
  staticServer: Server;
  staticUrl: string;
  echoServer: MessageServer;
  echoUrl: string;
  echoCloses: CloseReason[];
  firstApp: Awaited<ReturnType<typeof startServer>>;
}
let running: Running | undefined;

async function buildBundles(workDir: string): Promise<void> {
  // Exactly what `npm run build:client` runs, into a scratch directory.
  await build({
    configFile: join(clientRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: join(workDir, 'lib'), emptyOutDir: true },
  });
  // A user's app that imports @paperclip/client, bundled the way the first-app guide says.
  await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { conditions: ['@paperclip/source', ...defaultClientConditions] },
    build: {
      lib: {
        entry: join(clientRoot, 'examples/first-app/browser.ts'),
        formats: ['es'],
        fileName: () => 'first-app.js',
      },
      outDir: join(workDir, 'app'),
      emptyOutDir: true,
      target: 'es2022',
    },
  });
}

function serveStatic(workDir: string): Promise<Server> {
  const files: Record<string, [string, string]> = {
    '/lib/paperclip-client.js': [join(workDir, 'lib/paperclip-client.js'), 'text/javascript'],
    '/app/first-app.js': [join(workDir, 'app/first-app.js'), 'text/javascript'],
    '/bundle-test.html': [join(pagesDir, 'bundle-test.html'), 'text/html'],
    '/first-app.html': [join(pagesDir, 'first-app.html'), 'text/html'],
  };
  const server = createServer((request, response) => {
    const entry = files[new URL(request.url ?? '/', 'http://x').pathname];
    if (!entry) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': entry[1] }).end(readFileSync(entry[0]));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium`,
    );
  }
  const workDir = mkdtempSync(join(tmpdir(), 'paperclip-browser-'));
  await buildBundles(workDir);
  const staticServer = await serveStatic(workDir);
  const echoServer = new MessageServer({
    registry: echoRegistry,
    authenticate: async ({ token }) =>
      token === 'secret' ? { ok: true, identity: 'tester' } : { ok: false, message: 'Bad token.' },
    status: { name: 'Browser test', version: '9.9.9', players: 3, games: 1 },
  });
  const echoCloses: CloseReason[] = [];
  echoServer.on('close', ({ reason }) => echoCloses.push(reason));
  echoServer.onMessage(Echo, (payload, connection) =>
    connection.send(Echo, { text: `echo ${payload.text}` }),
  );
  const acceptor = new WebSocketAcceptor({ host: '127.0.0.1', port: 0 });
  await echoServer.listen(acceptor);
  const firstApp = await startServer({ ws: 0, udp: 0 });
  const context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  running = {
    workDir,
    context,
    staticServer,
    staticUrl: `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}`,
    echoServer,
    echoUrl: acceptor.url,
    echoCloses,
    firstApp,
  };
}, 120_000);

afterAll(async () => {
  if (!running) return;
  await running.context.close();
  await running.echoServer.close();
  await running.firstApp.server.close();
  await new Promise((resolve) => running!.staticServer.close(resolve));
  rmSync(running.workDir, { recursive: true, force: true });
});

async function runPage(path: string): Promise<Record<string, unknown>> {
  const page = await running!.context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  await page.goto(`${running!.staticUrl}${path}`);
  await page.waitForFunction(() => (globalThis as { done?: boolean }).done === true, null, {
    timeout: 20_000,
  });
  const result = (await page.evaluate(() => (globalThis as { result?: unknown }).result)) as Record<
    string,
    unknown
  >;
  await page.close();
  expect(failures).toEqual([]);
  return result;
}

describe('browser bundle in headless Chromium', () => {
  it('the built bundle has no Node built-ins', () => {
    const bundle = readFileSync(join(running!.workDir, 'lib/paperclip-client.js'), 'utf8');
    expect(bundle).not.toMatch(/from\s*["']node:|require\(|process\.env/);
  });

  it('pings, connects with a token, exchanges typed messages, gets typed errors and close reasons', async () => {
    const result = await runPage(`/bundle-test.html?server=${encodeURIComponent(running!.echoUrl)}`);
    expect(result.error).toBeUndefined();
    expect(result.ping).toMatchObject({ name: 'Browser test', version: '9.9.9', players: 3, games: 1 });
    expect(result.rttMs).toBeGreaterThanOrEqual(0);
    expect(result.echo).toBe('echo hi');
    expect(result.invalid).toMatchObject({ code: 'PC_MSG_INVALID_PAYLOAD', messageName: 'test:echo' });
    expect(result.unauthorized).toMatchObject({ code: 'PC_MSG_UNAUTHORIZED', message: 'Bad token.' });
    expect(result.mismatch).toBe('PC_MSG_REGISTRY_MISMATCH');
    expect(result.closed).toMatchObject({
      code: 'PC_MSG_NORMAL',
      message: 'bye from the browser',
      remote: false,
    });
    expect(running!.echoCloses).toContainEqual({
      code: 'PC_MSG_NORMAL',
      message: 'bye from the browser',
      remote: true,
    });
  });

  it('first app: a Node client over UDP and a browser over WebSocket talk through one server', async () => {
    const { firstApp } = running!;
    const page = await running!.context.newPage();
    await page.goto(
      `${running!.staticUrl}/first-app.html?server=${encodeURIComponent(firstApp.websocketUrl)}`,
    );
    await page.waitForFunction(() => (globalThis as { joined?: boolean }).joined === true, null, {
      timeout: 20_000,
    });
    const post = await sayOnce(firstApp.udpAddress, 'node-client', 'hello from Node');
    expect(post).toEqual({ from: 'node-client', text: 'hello from Node' });
    await page.waitForFunction(
      () => ((globalThis as { posts?: string[] }).posts ?? []).includes('node-client: hello from Node'),
      null,
      { timeout: 20_000 },
    );
    const heardFromBrowser = new Promise<unknown>((resolve) =>
      firstApp.server.onMessage(ChatSend, (message, connection) => {
        if (connection.identity === 'browser') resolve(message);
      }),
    );
    await page.evaluate(() =>
      (globalThis as unknown as { chat: { say(text: string): void } }).chat.say('hi from the browser'),
    );
    expect(await heardFromBrowser).toEqual({ text: 'hi from the browser' });
    await page.close();
  });
});
