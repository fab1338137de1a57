// The carrier contract: what the message layer needs from a transport (UDP, WebSocket, in-memory). Browser-safe, types only.
import type { CloseReason } from '../errors.ts';

/** Facts about a link that the message layer adapts to. */
export interface LinkInfo {
  /** 'websocket', 'udp', 'memory', … */
  carrier: string;
  /** The peer's address as the carrier sees it ("127.0.0.1:40100"), for logs. */
  remoteAddress: string;
  /** Identity the carrier itself established (e.g. the UDP core's certificate account id), or undefined. */
  carrierIdentity?: unknown;
}

/** Callbacks a link reports to; set once by {@link CarrierLink.start}. */
export interface LinkHandlers {
  /** The link can carry packets (client links: when the transport connects; server links: at once). */
  open(): void;
  /** One packet arrived. The bytes are handed over: the link must not reuse or change them afterwards. */
  packet(data: Uint8Array): void;
  /**
   * The link is gone. `reason` is set when the carrier knows why (e.g. a size limit or a timeout);
   * undefined means it closed without saying, which reads as CONNECTION_LOST unless a CLOSE frame came first.
   */
  closed(reason?: CloseReason): void;
}

/** One connection's transport, as the message layer sees it. */
export interface CarrierLink {
  readonly info: LinkInfo;
  /** True when reliable packets arrive in the order sent (WebSocket). */
  readonly ordered: boolean;
  /** True when every packet is reliable (WebSocket): unreliable kinds then share the reliable path. */
  readonly reliableOnly: boolean;
  /** Batching budget: packed packets stay at or under this size (UDP: one unfragmented datagram). */
  readonly maxPacketBytes: number;
  /**
   * Budget for packets sent reliably, when larger than `maxPacketBytes` pays off (UDP: one sealed
   * v0 message split into fragments costs one encryption and one ACK instead of one per datagram).
   */
  readonly maxReliablePacketBytes?: number;
  /** Starts delivering events to `handlers`. Called once. */
  start(handlers: LinkHandlers): void;
  /** Sends one packet; `reliable` asks for retransmission until acknowledged. Ignored once closed. */
  send(packet: Uint8Array, reliable: boolean): void;
  /** Closes gracefully: packets already sent are delivered first where the carrier can, then `closed()` fires. */
  close(): void;
}

/** A server-side source of links (a WebSocket server, a UDP socket, an in-memory listener). */
export interface CarrierAcceptor {
  /** Name for logs, e.g. "websocket ws://127.0.0.1:8080". */
  readonly description: string;
  /**
   * Starts accepting; every new peer arrives through `onLink`. Resolves once listening. Carriers
   * that see pre-handshake queries (a UDP ping datagram) answer them through `hooks.answerPing`.
   */
  start(onLink: (link: CarrierLink) => void, hooks: AcceptorHooks): Promise<void>;
  /** Stops accepting and releases the port. Existing links are closed by the server object first. */
  stop(): Promise<void>;
}

/** Services the server object offers its acceptors. */
export interface AcceptorHooks {
  /** The answer to a ping query (never longer than the query), or undefined to stay silent. */
  answerPing(query: Uint8Array): Uint8Array | undefined;
  /**
   * False when a peer at `remoteAddress` ("host:port") would be refused at once (its source holds
   * `maxConnectionsPerAddress` already): a carrier may then refuse it before building a link, which
   * costs far less than a link that is opened and closed. Optional for carriers; absent means true.
   */
  admits?(remoteAddress: string): boolean;
}
