// WebSocket carrier limits: maxPayload and non-binary frames close the connection with typed reasons.

import { MessageRegistry, MessageServer } from '@paperclip/messages';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebSocketAcceptor } from '../../src/ws/websocket-acceptor.ts';

async function startServer(maxPayload: number) {
  const server = new MessageServer({ registry: new MessageRegistry([]) });
  const acceptor = new WebSocketAcceptor({ maxPayload });
  await server.listen(acceptor);
  const reasons: unknown[] = [];
  const closed = new Promise((resolve) => server.on('close', ({ reason }) => resolve(reasons.push(reason))));
  return { server, url: acceptor.url, reasons, closed };
}

function rawSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('WebSocket carrier limits', () => {
  it('closes with LIMIT_EXCEEDED when a message exceeds maxPayload', async () => {
    const { server, url, reasons, closed } = await startServer(1024);
    const socket = await rawSocket(url);
    const status = new Promise((resolve) => socket.once('close', resolve));
    socket.send(new Uint8Array(2048));
    expect(await status).toBe(1009);
    await closed;
    expect(reasons[0]).toMatchObject({ code: 'PC_MSG_LIMIT_EXCEEDED' });
    await server.close();
  });

  it('closes with MALFORMED_FRAME on a text message', async () => {
    const { server, url, reasons, closed } = await startServer(1024);
    const socket = await rawSocket(url);
    const status = new Promise((resolve) => socket.once('close', resolve));
    socket.send('hello');
    expect(await status).toBe(1003);
    await closed;
    expect(reasons[0]).toMatchObject({ code: 'PC_MSG_MALFORMED_FRAME' });
    await server.close();
  });

  it('closes with MALFORMED_FRAME on bytes that are not frames', async () => {
    const { server, url, reasons, closed } = await startServer(1024);
    const socket = await rawSocket(url);
    socket.send(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]));
    await closed;
    expect(reasons[0]).toMatchObject({ code: 'PC_MSG_MALFORMED_FRAME' });
    socket.close();
    await server.close();
  });
});
