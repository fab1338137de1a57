// A spoofed handshake flood in its own process: AUTH datagrams carrying one of 4,096 garbage certificates, from
// up to 4,000 sockets bound to 127.0.x.y (distinct "machines" on loopback), at a fixed rate for some seconds.
// Ops: `prepare(addresses)` binds the sockets; `flood {host, port, rate, addresses, seconds}` answers
// `{sent, seconds}` when done.
import { randomFillSync } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { authDatagram, freshPublicKey } from '../support/auth-datagram.ts';
import { serveParent } from '../support/child.ts';
import { boundSocket, closeSockets } from '../support/sockets.ts';

interface FloodOrder {
  host: string;
  port: number;
  rate: number;
  addresses: number;
  seconds: number;
}

const publicKey = freshPublicKey();
/** Distinct garbage certificates: more than any per-fingerprint cache would want to hold for one lobby. */
const POOL = 4096;
const TICK_MS = 5;
/** Sends per tick at most: a tick that falls behind drops the rest instead of blocking the loop. */
const MAX_PER_TICK = 400;

/** 127.0.1.1 … 127.0.16.250: never 127.0.0.x, which the suite's own clients use. */
function address(index: number): string {
  return `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

function garbageAuth(): Uint8Array {
  return authDatagram(randomFillSync(new Uint8Array(240)), publicKey);
}

let datagrams: Uint8Array[] = [];
const sockets: Socket[] = [];

/** Binds the sockets and makes the datagrams, so that `flood` starts at full rate. */
async function prepare(addresses: number): Promise<number> {
  datagrams = Array.from({ length: POOL }, garbageAuth);
  for (let i = sockets.length; i < addresses; i++) sockets.push(await boundSocket(address(i)));
  return sockets.length;
}

async function flood(order: FloodOrder): Promise<{ sent: number; seconds: number }> {
  await prepare(order.addresses);
  let sent = 0;
  const started = performance.now();
  const end = started + order.seconds * 1000;
  for (let now = started; now < end; now = performance.now()) {
    const due = Math.min(Math.floor(((now - started) / 1000) * order.rate), sent + MAX_PER_TICK);
    for (; sent < due; sent++) {
      sockets[sent % sockets.length]!.send(datagrams[sent % POOL]!, order.port, order.host);
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  return { sent, seconds: (performance.now() - started) / 1000 };
}

serveParent(
  {},
  { prepare: (addresses: number) => prepare(addresses), flood: (order: FloodOrder) => flood(order) },
  async () => closeSockets(sockets),
);
