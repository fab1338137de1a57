// A loopback UDP port with nothing bound to it: where a test finds "a server that is down".
import { createSocket } from 'node:dgram';
import { once } from 'node:events';

/** A UDP port on 127.0.0.1 that was free a moment ago and is closed again. */
export async function closedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
