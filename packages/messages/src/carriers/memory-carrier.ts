// In-memory carrier with a seeded lossy link (loss, duplication, reordering): the default carrier for tests and simulations.
import { seededRandom } from '@paperclip/protocol/testing';
import type { CloseReason } from '../errors.ts';
import type { AcceptorHooks, CarrierAcceptor, CarrierLink, LinkHandlers, LinkInfo } from './carrier.ts';

/** How the simulated link behaves. Reliable packets are never lost or duplicated (the transport's job), only reordered. */
export interface MemoryLinkConditions {
  /** Reliable packets arrive in the order sent (WebSocket-like). Default false. */
  ordered?: boolean;
  /** Every packet is reliable, unreliable kinds included (WebSocket-like). Default false. */
  reliableOnly?: boolean;
  /** Probability an unreliable packet is lost. Default 0. */
  lossRate?: number;
  /** Probability an unreliable packet arrives twice. Default 0. */
  duplicateRate?: number;
  /** Probability a packet is held back one delivery round (reordering). Ignored when ordered. Default 0. */
  delayRate?: number;
  /** PRNG seed, for reproducible runs. Default 1. */
  seed?: number;
  /** Batching budget reported to the message layer. Default 1200. */
  maxPacketBytes?: number;
}

interface InFlight {
  to: MemoryLink;
  packet: Uint8Array;
  reliable: boolean;
}

/** One end of an in-memory link pair. */
class MemoryLink implements CarrierLink {
  readonly info: LinkInfo;
  readonly ordered: boolean;
  readonly reliableOnly: boolean;
  readonly maxPacketBytes: number;
  peer!: MemoryLink;
  #handlers: LinkHandlers | undefined;
  #open = false;
  closed = false;
  readonly #network: MemoryNetwork;

  constructor(network: MemoryNetwork, info: LinkInfo, conditions: Required<MemoryLinkConditions>) {
    this.#network = network;
    this.info = info;
    this.ordered = conditions.ordered;
    this.reliableOnly = conditions.reliableOnly;
    this.maxPacketBytes = conditions.maxPacketBytes;
  }

  start(handlers: LinkHandlers): void {
    this.#handlers = handlers;
    if (this.#open) handlers.open();
  }

  markOpen(): void {
    this.#open = true;
    this.#handlers?.open();
  }

  send(packet: Uint8Array, reliable: boolean): void {
    if (this.closed) return;
    this.#network.enqueue({ to: this.peer, packet: packet.slice(), reliable: reliable || this.reliableOnly });
  }

  receive(packet: Uint8Array): void {
    if (!this.closed) this.#handlers?.packet(packet);
  }

  close(): void {
    this.#network.closePair(this, undefined);
  }

  notifyClosed(reason: CloseReason | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.#handlers?.closed(reason);
  }
}

/**
 * A simulated network. `acceptor()` gives the server side, `connect()` a client link to it.
 * Deliveries happen on later macrotasks, in rounds; tests wait on connection events, never on time.
 */
export class MemoryNetwork {
  readonly #conditions: Required<MemoryLinkConditions>;
  readonly #random: () => number;
  #inFlight: InFlight[] = [];
  #pumping = false;
  readonly #closingPairs = new Map<MemoryLink, CloseReason | undefined>();
  #acceptor: ((link: CarrierLink) => void) | undefined;
  #hooks: AcceptorHooks | undefined;
  #nextPort = 50_000;
  /** Packets dropped and duplicated so far (tests assert the link really was lossy). */
  readonly stats = { delivered: 0, dropped: 0, duplicated: 0, delayed: 0 };

  constructor(conditions: MemoryLinkConditions = {}) {
    this.#conditions = {
      ordered: false,
      reliableOnly: false,
      lossRate: 0,
      duplicateRate: 0,
      delayRate: 0,
      seed: 1,
      maxPacketBytes: 1200,
      ...conditions,
    };
    this.#random = seededRandom(this.#conditions.seed);
  }

  /** The server side of this network. */
  acceptor(): CarrierAcceptor {
    return {
      description: 'memory',
      start: async (onLink, hooks) => {
        this.#acceptor = onLink;
        this.#hooks = hooks;
      },
      stop: async () => {
        this.#acceptor = undefined;
        this.#hooks = undefined;
      },
    };
  }

  /** A new client link; it opens on a later turn if a server is listening, else closes. */
  connect(): CarrierLink {
    const port = this.#nextPort++;
    const client = new MemoryLink(
      this,
      { carrier: 'memory', remoteAddress: 'memory:server' },
      this.#conditions,
    );
    const server = new MemoryLink(
      this,
      { carrier: 'memory', remoteAddress: `memory:${port}` },
      this.#conditions,
    );
    client.peer = server;
    server.peer = client;
    setTimeout(() => {
      const accept = this.#acceptor;
      if (!accept) {
        client.notifyClosed(undefined);
        return;
      }
      server.markOpen();
      accept(server);
      client.markOpen();
    }, 0);
    return client;
  }

  /** A ping as a UDP datagram would carry it, answered by the server's hook. */
  async ping(query: Uint8Array): Promise<Uint8Array | undefined> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return this.#hooks?.answerPing(query);
  }

  /** Cuts a link without any CLOSE frame (simulated connection loss). */
  sever(link: CarrierLink, reason?: CloseReason): void {
    const end = link as MemoryLink;
    this.#inFlight = this.#inFlight.filter((item) => item.to !== end && item.to !== end.peer);
    end.notifyClosed(reason);
    end.peer.notifyClosed(reason);
  }

  enqueue(item: InFlight): void {
    this.#inFlight.push(item);
    this.#schedule();
  }

  closePair(end: MemoryLink, reason: CloseReason | undefined): void {
    if (end.closed) return;
    this.#closingPairs.set(end, reason);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    setTimeout(() => this.#pump(), 0);
  }

  #pump(): void {
    this.#pumping = false;
    const round = this.#inFlight;
    this.#inFlight = [];
    const c = this.#conditions;
    if (!c.ordered) {
      for (let i = round.length - 1; i > 0; i--) {
        const j = Math.floor(this.#random() * (i + 1));
        [round[i], round[j]] = [round[j]!, round[i]!];
      }
    }
    for (const item of round) {
      const closing = this.#closingPairs.has(item.to) || this.#closingPairs.has(item.to.peer);
      if (!c.ordered && !closing && this.#random() < c.delayRate) {
        this.stats.delayed++;
        this.#inFlight.push(item);
        continue;
      }
      if (!item.reliable && this.#random() < c.lossRate) {
        this.stats.dropped++;
        continue;
      }
      item.to.receive(item.packet);
      this.stats.delivered++;
      if (!item.reliable && this.#random() < c.duplicateRate) {
        this.stats.duplicated++;
        item.to.receive(item.packet.slice());
      }
    }
    // A pair closes once nothing is in flight for it: a graceful close delivers what was sent first.
    for (const [end, reason] of [...this.#closingPairs]) {
      if (this.#inFlight.some((item) => item.to === end || item.to === end.peer)) continue;
      this.#closingPairs.delete(end);
      end.notifyClosed(reason);
      end.peer.notifyClosed(reason);
    }
    if (this.#inFlight.length > 0 || this.#closingPairs.size > 0) this.#schedule();
  }
}
