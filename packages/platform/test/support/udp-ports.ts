// Real loopback UDP ports for port-range tests: two adjacent free ones, held by sockets the test controls.
import { createSocket, type Socket } from 'node:dgram';

/** Two consecutive free UDP ports on 127.0.0.1, both held by the returned sockets until the test closes them. */
export async function twoAdjacentPorts(): Promise<{ first: Socket; second: Socket; port: number }> {
  for (;;) {
    const first = await boundSocket(0);
    const port = first.address().port;
    if (port < 65535) {
      const second = await boundSocket(port + 1).catch(() => undefined);
      if (second !== undefined) return { first, second, port };
    }
    await closeSocket(first);
  }
}

function boundSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

/** Closes a test socket; one already closed is left as it is (cleanup may come after the test closed it). */
export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
