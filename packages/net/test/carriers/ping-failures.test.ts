// pingUdp / pingWebSocket end every failure with one sentence (never a raw errno): refused, unknown host,
// timed out, and "not a Paperclip server" for each kind of wrong peer.
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { MessageErrorCode } from '@paperclip/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { pingUdp } from '../../src/carriers/udp-ping.ts';
import { pingWebSocket } from '../../src/ws/websocket-ping.ts';

const notHttpSockets = new Set<Socket>();
const notHttp = createTcpServer((socket) => {
  notHttpSockets.add(socket);
  socket.end('SSH-2.0-OpenSSH_9.6\r\n');
});
const textHttp = createHttpServer();
const textOnly = new WebSocketServer({ server: textHttp });
textOnly.on('connection', (socket) => socket.send('welcome to my chat room'));
let closedTcpPort = 0;

function portOf(server: Server | ReturnType<typeof createHttpServer>): number {
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  await new Promise<void>((resolve) => notHttp.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => textHttp.listen(0, '127.0.0.1', resolve));
  const spare = createHttpServer();
  await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
  closedTcpPort = portOf(spare);
  await new Promise((resolve) => spare.close(resolve));
});
afterAll(async () => {
  // Whatever the pings left open is dropped: the tests are about the client's sentences, not polite closes.
  for (const socket of textOnly.clients) socket.terminate();
  textHttp.closeAllConnections();
  await new Promise((resolve) => textOnly.close(resolve));
  await new Promise((resolve) => textHttp.close(resolve));
  for (const socket of notHttpSockets) socket.destroy();
  await new Promise((resolve) => notHttp.close(resolve));
});

describe('ping failures', () => {
  it('ws:// to a closed port: nothing is listening (UNREACHABLE)', async () => {
    const url = `ws://127.0.0.1:${closedTcpPort}/realtime`;
    await expect(pingWebSocket(url)).rejects.toMatchObject({
      code: MessageErrorCode.UNREACHABLE,
      message: `Nothing is listening on ${url} (connection refused).`,
    });
  });

  it('an unknown host name, over UDP and WebSocket (UNREACHABLE)', async () => {
    await expect(pingUdp('no-such-host.invalid:5000')).rejects.toMatchObject({
      code: MessageErrorCode.UNREACHABLE,
      message:
        'Cannot ping UDP no-such-host.invalid:5000: the host name "no-such-host.invalid" could not be resolved.',
    });
    await expect(pingWebSocket('ws://no-such-host.invalid:5000/realtime')).rejects.toMatchObject({
      code: MessageErrorCode.UNREACHABLE,
      message:
        'Cannot ping ws://no-such-host.invalid:5000/realtime: the host name "no-such-host.invalid" could not be resolved.',
    });
  });

  it('ws:// to a port that does not speak HTTP (NOT_PAPERCLIP)', async () => {
    const url = `ws://127.0.0.1:${portOf(notHttp)}/realtime`;
    await expect(pingWebSocket(url, { timeoutMs: 5000 })).rejects.toMatchObject({
      code: MessageErrorCode.NOT_PAPERCLIP,
      message: `${url} answered, but not as a Paperclip server does: it does not speak HTTP.`,
    });
  });

  it('a WebSocket server that is not Paperclip (NOT_PAPERCLIP)', async () => {
    const url = `ws://127.0.0.1:${portOf(textHttp)}/`;
    await expect(pingWebSocket(url)).rejects.toMatchObject({
      code: MessageErrorCode.NOT_PAPERCLIP,
      message: `${url} answered, but not as a Paperclip server does: the peer sent a text WebSocket message.`,
    });
  });

  it('a UDP server that stays silent: timed out (TIMEOUT), with the seconds as given', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${silent.address().port}`;
    await expect(pingUdp(target, { timeoutMs: 250 })).rejects.toMatchObject({
      code: MessageErrorCode.TIMEOUT,
      message: `UDP ${target} did not answer within 0.25 s: is it a Paperclip server, and is the port right?`,
    });
    silent.close();
  });
});
