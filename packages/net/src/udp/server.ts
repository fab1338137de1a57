// Paperclip v0 UDP server for Node: accepts up to maxClients peers and reports them as typed events.
import { EventEmitter } from 'node:events';
import {
  type AccountId,
  type Address,
  type EndpointStats,
  loopbackFor,
  type PaperclipError,
} from '@paperclip/protocol';
import { generateCertificate } from '../certs/generate-certificate.ts';
import {
  type CertificateValidator,
  defaultValidationBaseUrl,
  httpCertificateValidator,
} from '../certs/validators.ts';
import type { HostPort } from './address.ts';
import {
  type DatagramInterceptor,
  type DriverStats,
  EndpointDriver,
  type EndpointTuning,
} from './endpoint-driver.ts';
import { type FlagInput, parseFlags } from './flags.ts';
import { DriverStateError, type SocketError } from './udp-errors.ts';

/** Events of a {@link Server}. 'error' is only emitted when someone listens for it (it is never fatal). */
export interface ServerEvents {
  listening: [address: HostPort];
  clientJoin: [peer: Address, accountId: AccountId | null];
  clientLeave: [peer: Address, accountId: AccountId | null, reason: PaperclipError];
  data: [peer: Address, data: Uint8Array, flags: number];
  error: [error: PaperclipError | SocketError, peer: Address | undefined];
  close: [];
}

/** Options of a {@link Server}; the endpoint tuning (maxClients, heartbeatMinMs, …) passes to the core. */
export interface ServerOptions extends EndpointTuning {
  /** Our certificate (DER). Default: a fresh seed-shaped self-signed one, made in listen(). */
  certificate?: Uint8Array;
  /** Decides on each client certificate. Default: the seed's HTTP check at http://<listen host>:5000. */
  validator?: CertificateValidator;
  /** A validator slower than this refuses the client. Default 10 000 ms. */
  validationTimeoutMs?: number;
  /** Requested SO_RCVBUF/SO_SNDBUF. Default 1 MiB (the kernel may cap it). */
  socketBufferBytes?: number;
  /** Sees each datagram before the core (the message layer answers ping queries here). */
  interceptDatagram?: DatagramInterceptor;
}

/**
 * A Paperclip v0 server on one UDP socket.
 *
 * ```ts
 * const server = new Server({ validator: acceptAnyCertificate, maxClients: 8 });
 * server.on('data', (peer, data, flags) => server.send(peer, data, flags));
 * await server.listen(40100, '127.0.0.1');
 * ```
 */
export class Server extends EventEmitter<ServerEvents> {
  readonly #options: ServerOptions;
  readonly #clients = new Map<Address, AccountId | null>();
  #driver: EndpointDriver | undefined;
  #closing: Promise<void> | undefined;
  #started = false;

  constructor(options: ServerOptions = {}) {
    super();
    this.#options = options;
  }

  /** Connected peers (handshake complete) and their account ids. */
  get clients(): ReadonlyMap<Address, AccountId | null> {
    return this.#clients;
  }

  /** The bound address, while listening. */
  get address(): HostPort | undefined {
    return this.#driver?.localAddress;
  }

  /** The core's counters plus the driver's socket counters. */
  get stats(): EndpointStats & DriverStats {
    return { ...(this.#driver?.endpoint.stats ?? ({} as EndpointStats)), ...this.#driverStats() };
  }

  /** Binds host:port (0 = ephemeral) and starts accepting. Rejects with AddressInUseError/BindError. */
  async listen(port = 0, host = '127.0.0.1'): Promise<HostPort> {
    if (this.#started) throw new DriverStateError('This server is already listening.');
    this.#started = true;
    const { certificate, validator, validationTimeoutMs, socketBufferBytes, interceptDatagram, ...tuning } =
      this.#options;
    const driver = new EndpointDriver(
      {
        role: 'server',
        certificate: certificate ?? (await generateCertificate()).der,
        // The seed validates at the server's own host; a wildcard bind means this machine.
        validator: validator ?? httpCertificateValidator(defaultValidationBaseUrl(loopbackFor(host))),
        tuning,
        validationTimeoutMs: validationTimeoutMs ?? 10_000,
        socketBufferBytes: socketBufferBytes ?? 1 << 20,
        ...(interceptDatagram ? { interceptDatagram } : {}),
      },
      {
        onEvent: (event) => {
          switch (event.type) {
            case 'clientJoin':
              this.#clients.set(event.peer, event.accountId);
              this.emit('clientJoin', event.peer, event.accountId);
              return;
            case 'clientLeave':
              this.#clients.delete(event.peer);
              this.emit('clientLeave', event.peer, event.accountId, event.reason);
              return;
            case 'data':
              this.emit('data', event.peer, event.data, event.flags);
              return;
            case 'error':
              if (this.listenerCount('error') > 0) this.emit('error', event.error, event.peer);
              return;
            default:
              return;
          }
        },
        onSocketError: (error) => {
          if (this.listenerCount('error') > 0) this.emit('error', error, undefined);
        },
        onUnreachable: () => {},
      },
    );
    // Certificate generation is async: close() may have been called meanwhile.
    if (this.#closing !== undefined)
      throw new DriverStateError('The server was closed before it was listening.');
    this.#driver = driver;
    const address = await driver.bind(port, host);
    this.emit('listening', address);
    return address;
  }

  /**
   * Sends one message to a connected peer. Flags by name or bits; FRAG is added when needed.
   * Throws NotConnectedError when the peer is not (or no longer) connected — a 'data' handler can see a
   * peer's last messages in the same turn it leaves — and SendQueueFullError when its queue is full.
   */
  send(peer: Address, data: Uint8Array, flags?: FlagInput): void {
    const driver = this.#requireDriver();
    const bits = parseFlags(flags);
    driver.send(peer, data, bits);
  }

  /** Disconnects one peer (DISCONNECT/SERVER_DISCONNECT); its 'clientLeave' follows. */
  disconnect(peer: Address): void {
    this.#requireDriver().run((endpoint, now) => endpoint.close(now, peer));
  }

  /** Sends DISCONNECT/SERVER_DISCONNECT to every client, waits (bounded) for acks, closes the socket. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const driver = this.#driver;
    this.#closing = (async () => {
      await driver?.close();
      this.emit('close');
    })();
    return this.#closing;
  }

  #requireDriver(): EndpointDriver {
    if (this.#driver === undefined || this.#closing !== undefined) {
      throw new DriverStateError('The server is not listening.');
    }
    return this.#driver;
  }

  #driverStats(): DriverStats {
    return this.#driver?.stats ?? { socketErrors: 0, icmpUnreachable: 0, validationFailures: 0 };
  }
}
