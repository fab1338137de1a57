// Raw UDP sockets for the attack suite (no package code): bound where a scenario says.
import { createSocket, type Socket } from 'node:dgram';

/** A UDP socket bound to `host` (any port): 127.x.y.z stands for another machine on loopback. */
export function boundSocket(host = '127.0.0.1'): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('error', () => {});
  return new Promise((resolve) => socket.bind(0, host, () => resolve(socket)));
}

/** Closes sockets, ignoring ones already closed. */
export function closeSockets(sockets: Iterable<Socket>): void {
  for (const socket of sockets) {
    try {
      socket.close();
    } catch {
      // Already closed.
    }
  }
}
