// A seeded impairment proxy for many clients: each client gets its own upstream socket (bound to its own
// 127.0.x.y, so the server sees distinct machines); both directions lose, duplicate and delay datagrams,
// and random delays reorder them. Deterministic for a seed (seededRandom from @paperclip/protocol/testing).
import type { Socket } from 'node:dgram';
import { seededRandom } from '@paperclip/protocol/testing';
import { boundSocket } from '../support/sockets.ts';

/** Impairment of each direction. */
export interface Impairment {
  loss: number;
  duplicate: number;
  /** Each datagram waits baseDelayMs + random·jitterMs: with jitter, later datagrams overtake earlier ones. */
  baseDelayMs: number;
  jitterMs: number;
  seed: number;
}

/** Counts of what the proxy did. */
interface ImpairmentCounts {
  forwarded: number;
  dropped: number;
  duplicated: number;
}

export interface ImpairmentProxy {
  /** "host:port" clients send to. */
  address: string;
  counts: ImpairmentCounts;
  close(): void;
}

/** Source address of the n-th client's upstream socket: 127.0.200.1, …, 127.0.200.250, 127.0.201.1, … */
function upstreamHost(index: number): string {
  return `127.0.${200 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

export async function startImpairmentProxy(
  upstream: { host: string; port: number },
  impairment: Impairment,
  firstIndex: number,
): Promise<ImpairmentProxy> {
  const random = seededRandom(impairment.seed);
  const counts: ImpairmentCounts = { forwarded: 0, dropped: 0, duplicated: 0 };
  const front = await boundSocket('127.0.0.1');
  const routes = new Map<string, Promise<Socket>>();
  const timers = new Set<NodeJS.Timeout>();
  let next = firstIndex;

  const impair = (send: () => void) => {
    if (random() < impairment.loss) {
      counts.dropped++;
      return;
    }
    const copies = random() < impairment.duplicate ? 2 : 1;
    if (copies === 2) counts.duplicated++;
    for (let i = 0; i < copies; i++) {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          counts.forwarded++;
          send();
        },
        impairment.baseDelayMs + random() * impairment.jitterMs,
      );
      timers.add(timer);
    }
  };

  const routeFor = (address: string, port: number): Promise<Socket> => {
    const key = `${address}:${port}`;
    let route = routes.get(key);
    if (route === undefined) {
      route = boundSocket(upstreamHost(next++)).then((back) => {
        back.on('message', (data) => impair(() => front.send(data, port, address)));
        return back;
      });
      routes.set(key, route);
    }
    return route;
  };

  front.on('message', (data, from) => {
    void routeFor(from.address, from.port).then((back) =>
      impair(() => back.send(data, upstream.port, upstream.host)),
    );
  });

  return {
    address: `127.0.0.1:${front.address().port}`,
    counts,
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      front.close();
      for (const route of routes.values()) void route.then((socket) => socket.close());
    },
  };
}
