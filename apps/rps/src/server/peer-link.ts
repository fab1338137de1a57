// A message-layer link for one peer of a v0 UDP Server, fed by hand (so the RPS server can keep seed JSON peers apart).
import type { CarrierAcceptor, CarrierLink, LinkHandlers, LinkInfo } from '@paperclip/messages';
import type { Server } from '@paperclip/net';
import { type AccountId, Flag } from '@paperclip/protocol';

/**
 * The batching budget of one unfragmented v0 datagram, as @paperclip/net's UDP carrier uses
 * (988 payload bytes less AES-CBC padding).
 */
const MAX_PACKET_BYTES = 960;

/**
 * One peer of a {@link Server} as a carrier link. Packets go out ENCRYPTED (plus RELIABLE for reliable kinds),
 * as @paperclip/net's UdpAcceptor sends them, so typed clients built with `connectUdp` talk to it unchanged.
 * The owner calls {@link receive} with the peer's datagrams and {@link closed} when the peer leaves.
 */
export class PeerLink implements CarrierLink {
  readonly info: LinkInfo;
  readonly ordered = false;
  readonly reliableOnly = false;
  readonly maxPacketBytes = MAX_PACKET_BYTES;
  readonly #server: Server;
  readonly #peer: string;
  #handlers: LinkHandlers | undefined;
  #closed = false;

  constructor(server: Server, peer: string, accountId: AccountId | null) {
    this.#server = server;
    this.#peer = peer;
    this.info = {
      carrier: 'udp',
      remoteAddress: peer,
      carrierIdentity: accountId === null ? undefined : { accountId },
    };
  }

  start(handlers: LinkHandlers): void {
    this.#handlers = handlers;
    handlers.open();
  }

  send(packet: Uint8Array, reliable: boolean): void {
    if (this.#closed) return;
    try {
      this.#server.send(this.#peer, packet, Flag.ENCRYPTED | (reliable ? Flag.RELIABLE : 0));
    } catch {
      // The peer's send queue is full or it has gone: drop it; its clientLeave closes the link.
      this.close();
    }
  }

  /** A datagram from the peer. */
  receive(packet: Uint8Array): void {
    if (!this.#closed) this.#handlers?.packet(packet);
  }

  /** The peer left the UDP server. */
  closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers?.closed();
  }

  /** Graceful: the transport drains reliable packets in flight, then sends DISCONNECT; clientLeave follows. */
  close(): void {
    if (this.#closed) return;
    try {
      this.#server.disconnect(this.#peer);
    } catch {
      this.closed();
    }
  }
}

/** An acceptor whose links are handed in by the owner (see {@link PeerLink}); the owner runs the UDP server. */
export class ManualAcceptor implements CarrierAcceptor {
  readonly description = 'udp (rps lobby)';
  #onLink: ((link: CarrierLink) => void) | undefined;

  async start(onLink: (link: CarrierLink) => void): Promise<void> {
    this.#onLink = onLink;
  }

  /** Hands a new link to the message server. */
  accept(link: CarrierLink): void {
    this.#onLink?.(link);
  }

  async stop(): Promise<void> {
    this.#onLink = undefined;
  }
}
