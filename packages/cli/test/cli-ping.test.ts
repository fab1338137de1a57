// `npx paperclip ping HOST:PORT` (UDP) and `paperclip ping ws://…` against a real MessageServer, as separate processes,
// and the one sentence it prints for each way a ping fails (refused, timed out, not a Paperclip server, bad target).
// More failure sentences (ws:// refused, unknown host, …) are checked in-process in net's ping-failures.test.ts.
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import {
  MAX_PING_QUERY_BYTES,
  MessageRegistry,
  MessageServer,
  MIN_PING_QUERY_BYTES,
} from '@paperclip/messages';
import { acceptAnyCertificate, UdpAcceptor, WebSocketAcceptor } from '@paperclip/net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_SIZE_BYTES } from '../src/commands/ping.ts';
import { PAPERCLIP_COMMAND } from './support/cli-process.ts';
import { closedUdpPort as closedUdp } from './support/closed-udp-port.ts';

const run = promisify(execFile);
const [node, ...prefix] = PAPERCLIP_COMMAND;
const server = new MessageServer({
  registry: new MessageRegistry([]),
  status: { name: 'CLI test', version: '2.0.0', players: 4, games: 2 },
});
const udp = new UdpAcceptor({ server: { validator: acceptAnyCertificate } });
const websocket = new WebSocketAcceptor();

/** Stand-ins for what a ping can meet instead of a Paperclip server. */
const swallower = createSocket('udp4');
const babbler = createSocket('udp4');
const httpOnly: Server = createServer((_request, response) => response.writeHead(404).end('Not Found'));
/** A UDP port with nothing behind it (bound once to get a free number, then closed). */
let closedUdpPort = 0;

async function bind(socket: Socket): Promise<number> {
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

beforeAll(async () => {
  await server.listen(udp);
  await server.listen(websocket);
  await bind(swallower);
  await bind(babbler);
  babbler.on('message', (_datagram, from) => babbler.send('hello, who is there?', from.port, from.address));
  await new Promise<void>((resolve) => httpOnly.listen(0, '127.0.0.1', resolve));
  closedUdpPort = await closedUdp();
});
afterAll(async () => {
  swallower.close();
  babbler.close();
  await new Promise((resolve) => httpOnly.close(resolve));
  await server.close();
});

/** Runs `paperclip ping …` expecting a failure; resolves with its exit code and stderr. */
async function pingFails(...args: string[]): Promise<{ code: number; stderr: string }> {
  return run(node, [...prefix, 'ping', ...args]).then(
    ({ stdout }) => {
      throw new Error(`ping succeeded: ${stdout}`);
    },
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

describe('paperclip ping', () => {
  it("accepts --size in the servers' range (written out in ping.ts so --help loads no message layer)", () => {
    expect(QUERY_SIZE_BYTES).toEqual({ min: MIN_PING_QUERY_BYTES, max: MAX_PING_QUERY_BYTES });
  });

  it('pings over UDP and prints status and RTT', async () => {
    const { stdout } = await run(node, [...prefix, 'ping', udp.address]);
    expect(stdout).toMatch(/^CLI test 2\.0\.0: 4 players, 2 games, RTT \d+\.\d\d ms\n$/);
  });

  it('pings over WebSocket with --json', async () => {
    const { stdout } = await run(node, [...prefix, 'ping', websocket.url, '--json']);
    const result = JSON.parse(stdout) as { status: unknown; rttMs: number };
    expect(result.status).toEqual({ name: 'CLI test', version: '2.0.0', players: 4, games: 2 });
    expect(result.rttMs).toBeGreaterThanOrEqual(0);
  });
});

// Each failure is one sentence on stderr (the `paperclip: ` prefix is the CLI's error style, not asserted here).
describe.concurrent('paperclip ping failures', () => {
  it('says nothing is listening when a UDP port is closed (exit 1)', async () => {
    const { code, stderr } = await pingFails(`127.0.0.1:${closedUdpPort}`);
    expect(code).toBe(1);
    expect(stderr).toContain(`Nothing is listening on UDP 127.0.0.1:${closedUdpPort} (connection refused).`);
    expect(stderr).not.toMatch(/ECONNREFUSED|recvmsg|^\s+at /m);
  });

  it('says the server did not answer within the timeout (exit 1)', async () => {
    const port = swallower.address().port;
    const { code, stderr } = await pingFails(`127.0.0.1:${port}`, '--timeout', '0.3');
    expect(code).toBe(1);
    expect(stderr).toContain(
      `UDP 127.0.0.1:${port} did not answer within 0.3 s: is it a Paperclip server, and is the port right?`,
    );
  });

  it('says a UDP server that answers something else is not a Paperclip server (exit 1)', async () => {
    const port = babbler.address().port;
    const { code, stderr } = await pingFails(`127.0.0.1:${port}`);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `UDP 127.0.0.1:${port} answered, but not as a Paperclip server does: its reply is not a status answer.`,
    );
  });

  it('says an HTTP server that does not upgrade is not a Paperclip server (exit 1)', async () => {
    const url = `ws://127.0.0.1:${(httpOnly.address() as AddressInfo).port}/realtime`;
    const { code, stderr } = await pingFails(url);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${url} answered, but not as a Paperclip server does: it is an HTTP server that answered 404 instead of upgrading to WebSocket (is the path right? the platform's is /realtime).`,
    );
  });

  it('refuses a target that is neither HOST:PORT nor a ws:// URL as a usage error (exit 2)', async () => {
    const { code, stderr } = await pingFails('localhost');
    expect(code).toBe(2);
    expect(stderr).toContain('"localhost" is neither HOST:PORT nor a ws:// URL.');
  });
});
