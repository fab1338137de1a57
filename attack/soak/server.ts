// The soak's server, in its own process: a message server over v0 UDP (encrypted, default limits) that checks
// the order of every client's Up messages and echoes each one as Down. Samples its RSS every second.
import { MessageServer } from '@paperclip/messages';
import { acceptAnyCertificate, UdpAcceptor } from '@paperclip/net';
import { rssAfterGc, serveParent } from '../support/child.ts';
import { Down, OrderCheck, soakRegistry, Up } from './soak-messages.ts';

const server = new MessageServer({ registry: soakRegistry });
const check = new OrderCheck();
let echoed = 0;
let closedConnections = 0;
server.onMessage(Up, (payload, connection) => {
  check.receive(payload.c, payload.n);
  connection.send(Down, payload);
  echoed++;
});
server.on('close', () => closedConnections++);
const acceptor = new UdpAcceptor({ server: { validator: acceptAnyCertificate } });
await server.listen(acceptor);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 1000);

serveParent(
  { address: acceptor.address },
  {
    stats: () => ({
      ...check.counts,
      echoed,
      connections: server.connections.size,
      closedConnections,
      rss: process.memoryUsage().rss,
      peakRss,
    }),
    rss: () => rssAfterGc(),
    /** How many Up messages of each client arrived in order (index = client id). */
    received: (clients: number[]) => clients.map((client) => check.next(client)),
  },
  async () => {
    clearInterval(sampler);
    await server.close();
  },
);
