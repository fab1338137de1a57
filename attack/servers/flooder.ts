// A spoofed handshake flood in its own process: AUTH datagrams with a fresh garbage certificate each, from
// up to 4,000 sockets bound to 127.0.x.y (distinct "machines" on loopback), at a fixed rate for some seconds.
// Op `flood {host, port, rate, addresses, seconds}` answers `{sent, seconds}` when done.
import { generateKeyPairSync, randomFillSync } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { encodePacket, PacketType } from '@paperclip/protocol';
import { serveParent } from '../support/child.ts';
import { boundSocket, closeSockets } from '../support/sockets.ts';

interface FloodOrder {
  host: string;
  port: number;
  rate: number;
  addresses: number;
  seconds: number;
}

const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({
  format: 'der',
  type: 'spki',
});
const certificate = new Uint8Array(240);
const TICK_MS = 5;

/** 127.0.1.1 … 127.0.16.250: never 127.0.0.x, which the suite's own clients use. */
function address(index: number): string {
  return `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

async function flood(order: FloodOrder): Promise<{ sent: number; seconds: number }> {
  const sockets: Socket[] = [];
  for (let i = 0; i < order.addresses; i++) sockets.push(await boundSocket(address(i)));
  let sent = 0;
  const started = performance.now();
  const end = started + order.seconds * 1000;
  try {
    while (performance.now() < end) {
      const due = Math.floor(((performance.now() - started) / 1000) * order.rate);
      for (; sent < due; sent++) {
        randomFillSync(certificate);
        const datagram = encodePacket({
          type: PacketType.AUTH,
          version: 0,
          flags: 0,
          sequenceId: 0,
          data: new Uint8Array(0),
          publicKey,
          certificate,
        });
        sockets[sent % sockets.length]!.send(datagram, order.port, order.host);
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    return { sent, seconds: (performance.now() - started) / 1000 };
  } finally {
    closeSockets(sockets);
  }
}

serveParent({}, { flood: (order: FloodOrder) => flood(order) }, async () => {});
