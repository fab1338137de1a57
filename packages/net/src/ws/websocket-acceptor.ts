// WebSocket carrier, server side: a `ws` server whose sockets become message-layer links, with hostile-input limits.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AcceptorHooks, CarrierAcceptor, CarrierLink } from '@paperclip/messages';
import { SendBudget, type WebSocketLike, WebSocketLink } from '@paperclip/messages';
import { WebSocketServer } from 'ws';

/** Options of {@link WebSocketAcceptor}. Every limit has a safe default. */
export interface WebSocketAcceptorOptions {
  /** Interface to bind when the acceptor creates its own HTTP server. Default '127.0.0.1'. */
  host?: string;
  /** Port to bind (0 = any free one). Default 0. */
  port?: number;
  /** Attach to an existing HTTP(S) server instead (e.g. the platform's, or an https server for wss). */
  server?: Server;
  /** Only upgrade requests for this path. Default: any path. */
  path?: string;
  /** Largest WebSocket message accepted, in bytes; larger closes with 1009 (LIMIT_EXCEEDED). Default 262_144. */
  maxPayload?: number;
  /** Unsent bytes tolerated per socket before the peer counts as not reading (closed with LIMIT_EXCEEDED). Default 1 MiB. */
  maxBufferedBytes?: number;
  /**
   * Unsent bytes tolerated over all sockets of this acceptor. When full, the socket holding the
   * most is closed (LIMIT_EXCEEDED) to make room, else the sender. Default 64 MiB.
   */
  maxBufferedBytesTotal?: number;
  /** Share one total budget between several acceptors (overrides `maxBufferedBytesTotal`). */
  sendBudget?: SendBudget;
  /** How long a peer has to answer our close before its socket is dropped. Default 5_000 ms. */
  closeTimeoutMs?: number;
  /** Batching budget for packed packets. Default 16_384. */
  maxPacketBytes?: number;
}

/** Default of {@link WebSocketAcceptorOptions.maxBufferedBytesTotal}. */
export const DEFAULT_MAX_BUFFERED_BYTES_TOTAL = 64 * 1024 * 1024;

/**
 * Accepts WebSocket connections. Compression (permessage-deflate) is off on purpose: inflating
 * attacker data is a memory risk, each compressing socket holds its own zlib state (~300 KiB with
 * ws's defaults) that fragments the heap and is slow to return to the system (see the ws README),
 * and our msgpack frames are small. Buffered bytes are bounded per socket and in total.
 */
export class WebSocketAcceptor implements CarrierAcceptor {
  readonly #options: WebSocketAcceptorOptions;
  readonly #budget: SendBudget;
  #http: Server | undefined;
  #ownsHttp = false;
  #wss: WebSocketServer | undefined;

  constructor(options: WebSocketAcceptorOptions = {}) {
    this.#options = options;
    this.#budget =
      options.sendBudget ?? new SendBudget(options.maxBufferedBytesTotal ?? DEFAULT_MAX_BUFFERED_BYTES_TOTAL);
  }

  /** Bytes handed to sockets and not yet written out, over all sockets sharing this acceptor's budget. */
  get bufferedBytes(): number {
    return this.#budget.usedBytes;
  }

  /** The total budget (shared when `sendBudget` was given). */
  get sendBudget(): SendBudget {
    return this.#budget;
  }

  get description(): string {
    return `websocket ${this.url}`;
  }

  /** The ws:// URL clients connect to (after start). */
  get url(): string {
    const address = this.#http?.address() as AddressInfo | null | undefined;
    if (!address) return 'ws://(not listening)';
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `ws://${host}:${address.port}${this.#options.path ?? '/'}`;
  }

  /** The bound port (after start). */
  get port(): number {
    const address = this.#http?.address() as AddressInfo | null | undefined;
    return address?.port ?? 0;
  }

  async start(onLink: (link: CarrierLink) => void, hooks: AcceptorHooks): Promise<void> {
    const options = this.#options;
    this.#ownsHttp = options.server === undefined;
    const http = options.server ?? createServer((_request, response) => response.writeHead(426).end());
    this.#http = http;
    const wss = new WebSocketServer({
      server: http,
      ...(options.path ? { path: options.path } : {}),
      maxPayload: options.maxPayload ?? 262_144,
      perMessageDeflate: false,
      // A source over its connection cap is refused at the upgrade (HTTP 429): no socket, link or close handshake.
      verifyClient: (
        info: { req: IncomingMessage },
        done: (ok: boolean, status?: number, message?: string) => void,
      ) => {
        const peer = info.req.socket;
        const admitted = hooks.admits?.(`${peer.remoteAddress}:${peer.remotePort}`) ?? true;
        done(admitted, 429, 'Too many connections from your address.');
      },
    });
    this.#wss = wss;
    wss.on('connection', (socket, request: IncomingMessage) => {
      const remote = request.socket;
      const link = new WebSocketLink(
        socket as unknown as WebSocketLike,
        { carrier: 'websocket', remoteAddress: `${remote.remoteAddress}:${remote.remotePort}` },
        {
          ...(options.maxPacketBytes ? { maxPacketBytes: options.maxPacketBytes } : {}),
          ...(options.maxBufferedBytes ? { maxBufferedBytes: options.maxBufferedBytes } : {}),
          ...(options.closeTimeoutMs !== undefined ? { closeTimeoutMs: options.closeTimeoutMs } : {}),
          budget: this.#budget,
        },
      );
      onLink(link);
    });
    if (this.#ownsHttp) {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
          http.off('error', reject);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    const wss = this.#wss;
    if (wss) {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
    const http = this.#http;
    if (http && this.#ownsHttp) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
    this.#wss = undefined;
  }
}
