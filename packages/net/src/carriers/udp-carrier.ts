// UDP carrier: the v0 driver's Server/Client as message-layer links (encrypted datagrams, RELIABLE for reliable kinds).

import type {
  AcceptorHooks,
  CarrierAcceptor,
  CarrierLink,
  LinkHandlers,
  LinkInfo,
} from '@paperclip/messages';
import {
  type ClientConnectionOptions,
  type CloseReason,
  closeReason,
  createClientConnection,
  type MessageConnection,
  MessageErrorCode,
} from '@paperclip/messages';
import type { AccountId, Address, PaperclipError } from '@paperclip/protocol';
import { ConnectionMinor, ErrorMajor, Flag } from '@paperclip/protocol';
import { Client, type ClientOptions, type DisconnectReason } from '../udp/client.ts';
import { Server, type ServerOptions } from '../udp/server.ts';
import { type PingRateLimit, pingInterceptor } from './ping-interceptor.ts';

/**
 * Batching budget: one unfragmented v0 datagram carries 988 payload bytes; AES-CBC padding adds up
 * to 16, so 960 plaintext bytes always fit one datagram.
 */
export const UDP_MAX_PACKET_BYTES = 960;
/**
 * Batching budget for reliable packets: the v0 layer seals a packet once (one CRC, one AES pass,
 * one sequence id, one ACK) and splits it into up to 17 fragments. Measured ~1.5-2× the message
 * rate of one-datagram packets (bench:messages); the price is that a lost fragment resends the packet.
 */
export const UDP_MAX_RELIABLE_PACKET_BYTES = 16_384;

/** Options shared by both UDP sides. */
export interface UdpCarrierOptions {
  /**
   * Flags added to every datagram. Default ENCRYPTED (the session key from the v0 handshake). With ENCRYPTED,
   * the v0 endpoint is told to refuse plaintext DEFAULT datagrams (`plaintextPolicy: 'refuse'`, unless the
   * server/client options say otherwise): this side never sends any, so one can only be forged.
   */
  baseFlags?: number;
  /** Batching budget for unreliable packets. Default {@link UDP_MAX_PACKET_BYTES}. */
  maxPacketBytes?: number;
  /** Batching budget for reliable packets. Default {@link UDP_MAX_RELIABLE_PACKET_BYTES}. */
  maxReliablePacketBytes?: number;
}

/** Turns a transport-level reason into a message-layer close reason (undefined: plain connection loss). */
function reasonFromTransport(error: DisconnectReason | undefined): CloseReason | undefined {
  if (!error) return undefined;
  const wire = error as Partial<PaperclipError>;
  if (wire.major === ErrorMajor.CONNECTION && wire.minor === ConnectionMinor.NO_SPACE) {
    return closeReason(MessageErrorCode.SERVER_FULL, error.message);
  }
  if (wire.major === ErrorMajor.CONNECTION && wire.minor === ConnectionMinor.CERTIFICATE_INVALID) {
    return closeReason(MessageErrorCode.UNAUTHORIZED, error.message);
  }
  return closeReason(MessageErrorCode.CONNECTION_LOST, error.message);
}

/**
 * The v0 plaintext policy that matches `baseFlags`: a carrier that encrypts everything refuses plaintext, so a
 * datagram forged from the peer's address without the key never reaches the message layer (issue 14, finding 5).
 */
function plaintextPolicyFor(options: UdpCarrierOptions): 'refuse' | 'accept' {
  return ((options.baseFlags ?? Flag.ENCRYPTED) & Flag.ENCRYPTED) !== 0 ? 'refuse' : 'accept';
}

/** Shared link mechanics: handlers, open/closed once, send errors become a LIMIT_EXCEEDED close. */
abstract class UdpLinkBase implements CarrierLink {
  readonly ordered = false;
  readonly reliableOnly = false;
  readonly maxPacketBytes: number;
  readonly maxReliablePacketBytes: number;
  abstract readonly info: LinkInfo;
  protected handlers: LinkHandlers | undefined;
  protected isOpen = false;
  protected isClosed = false;
  readonly #baseFlags: number;

  constructor(options: UdpCarrierOptions) {
    this.maxPacketBytes = options.maxPacketBytes ?? UDP_MAX_PACKET_BYTES;
    this.maxReliablePacketBytes = options.maxReliablePacketBytes ?? UDP_MAX_RELIABLE_PACKET_BYTES;
    this.#baseFlags = options.baseFlags ?? Flag.ENCRYPTED;
  }

  start(handlers: LinkHandlers): void {
    this.handlers = handlers;
    if (this.isOpen) handlers.open();
  }

  send(packet: Uint8Array, reliable: boolean): void {
    if (this.isClosed || !this.isOpen) return;
    try {
      this.transmit(packet, this.#baseFlags | (reliable ? Flag.RELIABLE : 0));
    } catch (error) {
      // The core's send queue is full (the peer stopped acknowledging): give up on this peer.
      this.closed(closeReason(MessageErrorCode.LIMIT_EXCEEDED, (error as Error).message));
      this.close();
    }
  }

  opened(): void {
    if (this.isOpen || this.isClosed) return;
    this.isOpen = true;
    this.handlers?.open();
  }

  receive(data: Uint8Array): void {
    if (!this.isClosed) this.handlers?.packet(data);
  }

  closed(reason: CloseReason | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.handlers?.closed(reason);
  }

  protected abstract transmit(packet: Uint8Array, flags: number): void;
  abstract close(): void;
}

class UdpServerLink extends UdpLinkBase {
  readonly info: LinkInfo;
  readonly #server: Server;
  readonly #peer: Address;
  constructor(server: Server, peer: Address, accountId: AccountId | null, options: UdpCarrierOptions) {
    super(options);
    this.#server = server;
    this.#peer = peer;
    this.info = {
      carrier: 'udp',
      remoteAddress: peer,
      carrierIdentity: accountId === null ? undefined : { accountId },
    };
    this.isOpen = true;
  }
  protected transmit(packet: Uint8Array, flags: number): void {
    this.#server.send(this.#peer, packet, flags);
  }
  close(): void {
    if (this.isClosed) return;
    try {
      this.#server.disconnect(this.#peer);
    } catch {
      this.closed(undefined); // the server socket is already gone
    }
  }
}

/** Options of {@link UdpAcceptor}: the v0 driver's server options plus where to bind. */
export interface UdpAcceptorOptions extends UdpCarrierOptions {
  host?: string;
  port?: number;
  server?: Omit<ServerOptions, 'interceptDatagram'>;
  /** Per-source limit on ping answers. Default: {@link pingInterceptor}'s (10/s, burst 20). */
  pingRateLimit?: PingRateLimit;
}

/** Accepts Paperclip v0 connections on one UDP socket; ping queries are answered before the core sees them. */
export class UdpAcceptor implements CarrierAcceptor {
  readonly #options: UdpAcceptorOptions;
  readonly #links = new Map<Address, UdpServerLink>();
  #server: Server | undefined;

  constructor(options: UdpAcceptorOptions = {}) {
    this.#options = options;
  }

  get description(): string {
    const address = this.#server?.address;
    return address ? `udp ${address.host}:${address.port}` : 'udp (not listening)';
  }

  /** "host:port" clients connect to (after start). */
  get address(): string {
    const address = this.#server?.address;
    return address ? `${address.host}:${address.port}` : '';
  }

  async start(onLink: (link: CarrierLink) => void, hooks: AcceptorHooks): Promise<void> {
    const server = new Server({
      ...this.#options.server,
      plaintextPolicy: this.#options.server?.plaintextPolicy ?? plaintextPolicyFor(this.#options),
      interceptDatagram: pingInterceptor(hooks, this.#options.pingRateLimit),
    });
    this.#server = server;
    server.on('clientJoin', (peer, accountId) => {
      const link = new UdpServerLink(server, peer, accountId, this.#options);
      this.#links.set(peer, link);
      onLink(link);
    });
    server.on('data', (peer, data) => this.#links.get(peer)?.receive(data));
    server.on('clientLeave', (peer, _accountId, reason) => {
      const link = this.#links.get(peer);
      this.#links.delete(peer);
      link?.closed(reasonFromTransport(reason));
    });
    await server.listen(this.#options.port ?? 0, this.#options.host ?? '127.0.0.1');
  }

  async stop(): Promise<void> {
    await this.#server?.close();
    for (const link of this.#links.values()) link.closed(undefined);
    this.#links.clear();
  }
}

/** A client link over the v0 driver's Client; it opens when the v0 handshake completes. */
export class UdpClientLink extends UdpLinkBase {
  readonly info: LinkInfo;
  readonly #client: Client;

  constructor(server: string, options: UdpCarrierOptions & { client?: ClientOptions } = {}) {
    super(options);
    this.info = { carrier: 'udp', remoteAddress: server };
    const client = new Client({
      ...options.client,
      plaintextPolicy: options.client?.plaintextPolicy ?? plaintextPolicyFor(options),
    });
    this.#client = client;
    client.on('data', (_peer, data) => this.receive(data));
    client.on('disconnect', (reason) => this.closed(reasonFromTransport(reason)));
    client.on('close', () => this.closed(undefined));
    client.connect(server).then(
      () => this.opened(),
      (error: DisconnectReason) => {
        this.closed(reasonFromTransport(error));
        void client.close();
      },
    );
  }

  protected transmit(packet: Uint8Array, flags: number): void {
    this.#client.send(packet, flags);
  }

  close(): void {
    void this.#client.close();
  }
}

/** Connects a message client over UDP to "host:port". Await `waitForConnection(ms)` before sending. */
export function connectUdp(
  server: string,
  options: ClientConnectionOptions & { udp?: UdpCarrierOptions & { client?: ClientOptions } },
): MessageConnection {
  return createClientConnection(new UdpClientLink(server, options.udp), options);
}
