// Finding 6: WebSocket connections that never send HELLO fill maxConnections. 4,200 idle upgrades (re-opened as
// the server closes them) from one host, then from 42 hosts; meanwhile 5 legitimate clients from another address.
import type { Socket } from 'node:net';
import { startChild } from '../support/child.ts';
import { atLeast, info, pause, type Scenario } from '../support/scenario.ts';
import { idleUpgrade, wsConnects } from '../support/websocket.ts';

const IDLE = 4_200;
const LEGIT = 5;

/** Keeps `count` idle upgrades open from `hosts` (re-opening closed ones) until stop() is called. */
function idlePool(url: string, count: number, hosts: readonly string[]) {
  const sockets = new Set<Socket>();
  let running = true;
  let upgraded = 0;
  let opened = 0;
  const worker = async (index: number) => {
    while (running) {
      opened++;
      if (await idleUpgrade(url, hosts[index % hosts.length]!, sockets)) upgraded++;
      // Wait for this socket to be closed by the server, then open the next one.
      while (running && sockets.size >= count) await pause(50);
      if (!running) return;
    }
  };
  const workers = Array.from({ length: 400 }, (_, i) => worker(i));
  return {
    sockets,
    counts: () => ({ upgraded, opened }),
    async stop() {
      running = false;
      for (const socket of sockets) socket.destroy();
      await Promise.all(workers);
    },
  };
}

async function attempt(url: string, hosts: readonly string[], label: string) {
  const pool = idlePool(url, IDLE, hosts);
  await pause(8000); // time to open them all
  let connected = 0;
  for (let i = 0; i < LEGIT; i++) if (await wsConnects(url, '127.0.0.1')) connected++;
  const open = pool.sockets.size;
  const { upgraded, opened } = pool.counts();
  await pool.stop();
  return [
    atLeast(`legitimate clients connected (idle from ${label})`, connected, LEGIT, `of ${LEGIT}`),
    info(
      `idle upgrades from ${label}: open at the end`,
      open,
      'sockets',
      `${upgraded} upgraded of ${opened} opened`,
    ),
  ];
}

export const idleWebsockets: Scenario = {
  finding: 6,
  name: 'idle WebSockets without HELLO',
  async run() {
    const server = await startChild<{ address: string }>('servers/messages.ts', ['ws']);
    try {
      const url = server.ready.address;
      const oneHost = await attempt(url, ['127.0.0.41'], 'one host');
      await pause(1000);
      const manyHosts = await attempt(
        url,
        Array.from({ length: 42 }, (_, i) => `127.0.0.${100 + i}`),
        '42 hosts',
      );
      return [...oneHost, ...manyHosts];
    } finally {
      await server.close();
    }
  },
};
