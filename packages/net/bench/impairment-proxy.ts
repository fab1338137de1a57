// A seeded UDP impairment proxy (in the client process): fixed one-way delay and random loss, both directions.
import { createSocket } from 'node:dgram';
import { seededRandom } from '@paperclip/protocol/testing';
import { splitAddress } from './bench-links.ts';

/** Impairment of each direction. */
export interface Impairment {
  /** One-way delay in ms (RTT = 2x). */
  delayMs: number;
  /** Probability that a datagram is dropped, per direction. */
  loss: number;
  /** PRNG seed, so every run drops the same pattern. */
  seed: number;
}

/** A running proxy: clients send to `address`, it forwards to the upstream with the impairment. */
export interface ImpairmentProxy {
  address: string;
  dropped: () => number;
  close(): Promise<void>;
}

/** Starts a one-client proxy on 127.0.0.1 in front of `upstream`. */
export async function startImpairmentProxy(
  upstream: string,
  impairment: Impairment,
): Promise<ImpairmentProxy> {
  const [upHost, upPort] = splitAddress(upstream);
  const random = seededRandom(impairment.seed);
  const front = createSocket('udp4');
  const back = createSocket('udp4');
  await Promise.all([
    new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => back.bind(0, '127.0.0.1', resolve)),
  ]);
  const timers = new Set<NodeJS.Timeout>();
  let client: { host: string; port: number } | undefined;
  let dropped = 0;
  const forward = (send: () => void) => {
    if (random() < impairment.loss) {
      dropped++;
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, impairment.delayMs);
    timers.add(timer);
  };
  front.on('message', (data, info) => {
    client = { host: info.address, port: info.port };
    forward(() => back.send(data, upPort, upHost));
  });
  back.on('message', (data) => {
    const target = client;
    if (target) forward(() => front.send(data, target.port, target.host));
  });
  return {
    address: `127.0.0.1:${front.address().port}`,
    dropped: () => dropped,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([
        new Promise<void>((resolve) => front.close(() => resolve())),
        new Promise<void>((resolve) => back.close(() => resolve())),
      ]);
    },
  };
}
