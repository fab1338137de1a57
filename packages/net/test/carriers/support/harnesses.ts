// Carrier harnesses for the contract suite: each starts a MessageServer on one carrier and connects clients to it.

import {
  createClientConnection,
  decodePingAnswer,
  encodePingQuery,
  type MemoryLinkConditions,
  MemoryNetwork,
  MessageServer,
  pingNonce,
} from '@paperclip/messages';
import { connectUdp, UdpAcceptor } from '../../../src/carriers/udp-carrier.ts';
import { pingUdp } from '../../../src/carriers/udp-ping.ts';
import { acceptAnyCertificate } from '../../../src/certs/validators.ts';
import { WebSocketAcceptor } from '../../../src/ws/websocket-acceptor.ts';
import { connectWebSocket } from '../../../src/ws/websocket-client.ts';
import { pingWebSocket } from '../../../src/ws/websocket-ping.ts';
import type { CarrierHarness } from './carrier-harness.ts';
import { simUdpHarness } from './sim-udp.ts';

export type { CarrierHarness, HarnessServer } from './carrier-harness.ts';

function memoryHarness(name: string, conditions: MemoryLinkConditions, lossy: boolean): CarrierHarness {
  return {
    name,
    lossy,
    async start(options) {
      const network = new MemoryNetwork(conditions);
      const server = new MessageServer(options);
      await server.listen(network.acceptor());
      return {
        server,
        connect: (clientOptions) => createClientConnection(network.connect(), clientOptions),
        async ping(querySize = 512) {
          const nonce = pingNonce();
          const query = encodePingQuery(nonce, querySize);
          const started = performance.now();
          const answer = await network.ping(query);
          if (!answer) throw new Error('no ping answer');
          return {
            ...decodePingAnswer(answer, nonce),
            rttMs: performance.now() - started,
            querySize: query.length,
            answerSize: answer.length,
          };
        },
        dropped: () => network.stats.dropped,
        stop: () => server.close(),
      };
    },
  };
}

const websocketHarness: CarrierHarness = {
  name: 'websocket',
  lossy: false,
  async start(options) {
    const acceptor = new WebSocketAcceptor({ host: '127.0.0.1', port: 0 });
    const server = new MessageServer(options);
    await server.listen(acceptor);
    return {
      server,
      connect: (clientOptions) => connectWebSocket(acceptor.url, clientOptions),
      async ping(querySize = 512) {
        const result = await pingWebSocket(acceptor.url, { querySize });
        return { ...result, querySize };
      },
      dropped: () => 0,
      stop: () => server.close(),
    };
  },
};

const udpHarness: CarrierHarness = {
  name: 'udp (v0 driver on 127.0.0.1)',
  lossy: false,
  async start(options) {
    const acceptor = new UdpAcceptor({
      host: '127.0.0.1',
      port: 0,
      server: { validator: acceptAnyCertificate },
    });
    const server = new MessageServer(options);
    await server.listen(acceptor);
    return {
      server,
      connect: (clientOptions) =>
        connectUdp(acceptor.address, {
          ...clientOptions,
          udp: { client: { validator: acceptAnyCertificate } },
        }),
      async ping(querySize = 512) {
        const result = await pingUdp(acceptor.address, { querySize });
        return { ...result, querySize };
      },
      dropped: () => 0,
      stop: () => server.close(),
    };
  },
};

/** Every carrier the contract suite runs over. */
export const HARNESSES: CarrierHarness[] = [
  memoryHarness(
    'memory (lossy: 20% loss, 10% duplicates, reordering)',
    { lossRate: 0.2, duplicateRate: 0.1, delayRate: 0.3, seed: 7 },
    true,
  ),
  websocketHarness,
  udpHarness,
  simUdpHarness({ lossRate: 0.05, duplicateRate: 0.02, reorderRate: 0.1, minDelayMs: 1, maxDelayMs: 4 }),
];
