// A UDP relay on the victim's path: the victim talks to `front`, the relay talks to the server from `back`.
// Whatever `back` sends comes "from the victim's address", which is what an attacker who knows (or shares,
// behind one NAT) that address can do. It records what the victim sends, for replays.
import type { Socket } from 'node:dgram';
import { boundSocket } from './sockets.ts';

/** A running relay. */
export interface Relay {
  /** "host:port" the victim connects to. */
  front: string;
  /** Datagrams the victim sent, in order. */
  captured: Uint8Array[];
  /** Sends a datagram to the server from the victim's address. */
  inject(datagram: Uint8Array): void;
  close(): void;
}

export async function startRelay(serverHost: string, serverPort: number): Promise<Relay> {
  const front = await boundSocket('127.0.0.1');
  const back = await boundSocket('127.0.0.1');
  const captured: Uint8Array[] = [];
  let victim: { address: string; port: number } | undefined;
  front.on('message', (data, from) => {
    victim = { address: from.address, port: from.port };
    captured.push(new Uint8Array(data));
    back.send(data, serverPort, serverHost);
  });
  back.on('message', (data) => {
    if (victim) front.send(data, victim.port, victim.address);
  });
  const closeAll = (sockets: Socket[]) => {
    for (const socket of sockets) socket.close();
  };
  return {
    front: `127.0.0.1:${front.address().port}`,
    captured,
    inject: (datagram) => back.send(datagram, serverPort, serverHost),
    close: () => closeAll([front, back]),
  };
}
