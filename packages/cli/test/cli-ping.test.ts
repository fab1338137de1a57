// `npx paperclip ping HOST:PORT` (UDP) and `paperclip ping ws://…` against a real MessageServer, as separate processes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MessageRegistry, MessageServer } from '@paperclip/messages';
import { acceptAnyCertificate, UdpAcceptor, WebSocketAcceptor } from '@paperclip/net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPERCLIP_COMMAND } from './support/cli-process.ts';

const run = promisify(execFile);
const [node, ...prefix] = PAPERCLIP_COMMAND;
const server = new MessageServer({
  registry: new MessageRegistry([]),
  status: { name: 'CLI test', version: '2.0.0', players: 4, games: 2 },
});
const udp = new UdpAcceptor({ server: { validator: acceptAnyCertificate } });
const websocket = new WebSocketAcceptor();

beforeAll(async () => {
  await server.listen(udp);
  await server.listen(websocket);
});
afterAll(() => server.close());

describe('paperclip ping', () => {
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

  it('says clearly when nobody answers', async () => {
    const failure = await run(node, [...prefix, 'ping', '127.0.0.1:9', '--timeout', '0.3']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/^paperclip: .*(did not answer|failed)/);
  });
});
