// The v0 sans-IO core on the protocol package's simulated lossy network, as a carrier harness for the contract suite.

import type { CarrierLink, LinkHandlers, LinkInfo } from '@paperclip/messages';
import {
  type CloseReason,
  closeReason,
  createClientConnection,
  decodePingAnswer,
  encodePingQuery,
  MessageErrorCode,
  MessageServer,
  pingNonce,
} from '@paperclip/messages';
import { type Address, type Endpoint, type EndpointEvent, Flag } from '@paperclip/protocol';
import { type LinkConditions, SimNetwork } from '@paperclip/protocol/testing';
import { makeClient, makeServer } from '../../../../protocol/test/support/endpoints.ts';
import type { CarrierHarness } from './carrier-harness.ts';

/** Virtual milliseconds the network advances per event-loop turn of the pump. */
const VIRTUAL_MS_PER_TURN = 2;
const SERVER: Address = '10.0.0.1:40100';
/** Heartbeats off: virtual time runs faster than real time, and idle test connections must not be dropped. */
const QUIET = { heartbeatMinMs: 1e9, heartbeatMaxMs: 2e9 };

/** One end of a connection: endpoint + peer, fed by the world's event router. */
class SimLink implements CarrierLink {
  readonly ordered = false;
  readonly reliableOnly = false;
  readonly maxPacketBytes = 960;
  readonly maxReliablePacketBytes = 4096;
  readonly info: LinkInfo;
  #handlers: LinkHandlers | undefined;
  #open = false;
  #closed = false;
  readonly world: SimUdpWorld;
  readonly endpoint: Endpoint;
  readonly peer: Address;
  readonly side: 'client' | 'server';
  constructor(world: SimUdpWorld, endpoint: Endpoint, peer: Address, side: 'client' | 'server') {
    this.world = world;
    this.endpoint = endpoint;
    this.peer = peer;
    this.side = side;
    this.info = { carrier: 'sim-udp', remoteAddress: peer };
  }
  start(handlers: LinkHandlers): void {
    this.#handlers = handlers;
    if (this.#open) handlers.open();
  }
  opened(): void {
    if (this.#open || this.#closed) return;
    this.#open = true;
    this.#handlers?.open();
  }
  receive(data: Uint8Array): void {
    if (!this.#closed) this.#handlers?.packet(data);
  }
  closed(reason?: CloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers?.closed(reason);
  }
  send(packet: Uint8Array, reliable: boolean): void {
    if (this.#closed || !this.#open) return;
    this.endpoint.send(
      this.world.net.now,
      this.peer,
      packet,
      Flag.ENCRYPTED | (reliable ? Flag.RELIABLE : 0),
    );
    this.world.net.flush();
  }
  close(): void {
    if (this.#closed) return;
    this.endpoint.close(this.world.net.now, this.side === 'server' ? this.peer : undefined);
    this.world.net.flush();
  }
}

/** A simulated network, a server endpoint, and a pump that advances virtual time while the test awaits events. */
class SimUdpWorld {
  readonly net: SimNetwork;
  readonly server = makeServer(1, QUIET);
  readonly #cursors = new Map<Address, number>();
  readonly #serverLinks = new Map<Address, SimLink>();
  readonly #clientLinks = new Map<Address, SimLink>();
  #onLink: ((link: CarrierLink) => void) | undefined;
  #nextClient = 2;
  #running = true;

  constructor(conditions: LinkConditions, seed: number) {
    this.net = new SimNetwork({ seed, conditions });
    this.net.add(SERVER, this.server);
    this.#pump();
  }

  accept(onLink: (link: CarrierLink) => void): void {
    this.#onLink = onLink;
  }

  connect(): SimLink {
    const address = `10.0.0.${this.#nextClient++}:5000`;
    const endpoint = makeClient(this.#nextClient, QUIET);
    this.net.add(address, endpoint);
    const link = new SimLink(this, endpoint, SERVER, 'client');
    this.#clientLinks.set(address, link);
    endpoint.connect(this.net.now, SERVER);
    this.net.flush();
    return link;
  }

  stop(): void {
    this.#running = false;
  }

  #pump(): void {
    if (!this.#running) return;
    this.net.runUntilTime(this.net.now + VIRTUAL_MS_PER_TURN);
    this.#route(SERVER, (event) => this.#serverEvent(event));
    for (const [address, link] of this.#clientLinks)
      this.#route(address, (event) => this.#clientEvent(link, event));
    setImmediate(() => this.#pump());
  }

  #route(address: Address, handle: (event: EndpointEvent) => void): void {
    const events = this.net.events(address);
    for (let i = this.#cursors.get(address) ?? 0; i < events.length; i++) handle(events[i]!.event);
    this.#cursors.set(address, events.length);
  }

  #serverEvent(event: EndpointEvent): void {
    if (event.type === 'clientJoin') {
      const link = new SimLink(this, this.server, event.peer, 'server');
      link.opened();
      this.#serverLinks.set(event.peer, link);
      this.#onLink?.(link);
    } else if (event.type === 'data') {
      this.#serverLinks.get(event.peer)?.receive(event.data);
    } else if (event.type === 'clientLeave') {
      this.#serverLinks.get(event.peer)?.closed();
      this.#serverLinks.delete(event.peer);
    }
  }

  #clientEvent(link: SimLink, event: EndpointEvent): void {
    if (event.type === 'connect') link.opened();
    else if (event.type === 'data') link.receive(event.data);
    else if (event.type === 'disconnect') {
      link.closed(closeReason(MessageErrorCode.CONNECTION_LOST, event.reason.message));
    } else if (event.type === 'closed') link.closed();
  }
}

/** The harness: v0 Endpoints (real handshake, encryption, RELIABLE, fragments) over a seeded lossy network. */
export function simUdpHarness(conditions: LinkConditions, seed = 11): CarrierHarness {
  return {
    name: `udp core on a simulated link (loss ${conditions.lossRate ?? 0}, duplicates ${conditions.duplicateRate ?? 0}, reordering ${conditions.reorderRate ?? 0})`,
    lossy: true,
    async start(options) {
      const world = new SimUdpWorld(conditions, seed);
      const server = new MessageServer(options);
      let hooks: { answerPing(query: Uint8Array): Uint8Array | undefined } | undefined;
      await server.listen({
        description: 'sim-udp',
        start: async (onLink, acceptorHooks) => {
          world.accept(onLink);
          hooks = acceptorHooks;
        },
        stop: async () => {},
      });
      return {
        server,
        connect: (clientOptions) => createClientConnection(world.connect(), clientOptions),
        async ping(querySize = 512) {
          const nonce = pingNonce();
          const query = encodePingQuery(nonce, querySize);
          const answer = hooks?.answerPing(query);
          if (!answer) throw new Error('no ping answer');
          return {
            ...decodePingAnswer(answer, nonce),
            rttMs: 0,
            querySize: query.length,
            answerSize: answer.length,
          };
        },
        dropped: () => world.net.stats.lost,
        stop: async () => {
          await server.close();
          world.stop();
        },
      };
    },
  };
}
