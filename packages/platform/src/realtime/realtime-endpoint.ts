// The platform's realtime endpoint: one MessageServer on UDP (the HTTP port's number) and WebSocket at /realtime.
import type { Server as HttpServer } from 'node:http';
import {
  type AuthRequest,
  type AuthResult,
  MessageRegistry,
  MessageServer,
  type ServerStatus,
} from '@paperclip/messages';
import { AddressInUseError, type CertificateValidator, UdpAcceptor, WebSocketAcceptor } from '@paperclip/net';
import { StartErrors } from '../errors.ts';

/** The WebSocket path of the realtime endpoint on the platform's HTTP server. */
const REALTIME_PATH = '/realtime';

/** Options of {@link startRealtime}. */
export interface RealtimeOptions {
  /** The platform's HTTP server, already listening: the WebSocket endpoint is mounted on it. */
  httpServer: HttpServer;
  /** Where the UDP socket binds: the HTTP host and the bound HTTP port's number. */
  host: string;
  port: number;
  /** Open the UDP socket (REALTIME_UDP). Default true; false leaves WebSocket only. */
  udp?: boolean;
  /** The platform's certificate (DER), presented in the v0 handshake over UDP. */
  certificate: Uint8Array;
  /** Checks each UDP client's certificate (the platform's /auth/certificate/validate). */
  validator: CertificateValidator;
  /** Checks a platform token sent in HELLO; the identity becomes `connection.identity`. */
  authenticate: (token: string) => Promise<unknown>;
  /** The status a ping answers with, computed per ping (UDP answers: @paperclip/net's per-source limit, 10/s). */
  status: () => ServerStatus;
}

/** A running realtime endpoint. */
export interface RealtimeEndpoint {
  /** The message server; features (chat) register their message types on a registry of their own later. */
  readonly server: MessageServer;
  /** "host:port" of the UDP socket, or undefined when UDP is off. */
  readonly udpAddress: string | undefined;
  /** Closes every connection and both carriers (the HTTP server itself stays the platform's). */
  close(): Promise<void>;
}

/** HELLO without a valid platform token is refused: realtime connections are for signed-in players. */
function tokenAuthenticator(check: RealtimeOptions['authenticate']) {
  return async ({ token }: AuthRequest): Promise<AuthResult> => {
    if (token === undefined)
      return { ok: false, message: 'Connect with a platform token (from /auth/token).' };
    try {
      return { ok: true, identity: await check(token) };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  };
}

/**
 * Starts the realtime endpoint next to a listening HTTP server. Pings are answered on both carriers before any
 * handshake (UDP: rate-limited per source, never larger than the query). Rejects with
 * `StartErrors.PORT_IN_USE` (socket 'UDP') when another socket holds the UDP port.
 *
 * ```ts
 * const realtime = await startRealtime({ httpServer: app.server, host, port, certificate, validator,
 *   authenticate: (token) => accounts.authenticateToken(token), status: () => platformStatus(lobbies) });
 * ```
 */
export async function startRealtime(options: RealtimeOptions): Promise<RealtimeEndpoint> {
  const server = new MessageServer({
    registry: new MessageRegistry([]),
    status: options.status,
    authenticate: tokenAuthenticator(options.authenticate),
  });
  let udpAddress: string | undefined;
  try {
    if (options.udp !== false) {
      const udp = new UdpAcceptor({
        host: options.host,
        port: options.port,
        server: { certificate: options.certificate, validator: options.validator },
      });
      await server.listen(udp);
      udpAddress = udp.address;
    }
    await server.listen(new WebSocketAcceptor({ server: options.httpServer, path: REALTIME_PATH }));
  } catch (error) {
    await server.close();
    if (error instanceof AddressInUseError) {
      throw new StartErrors.PORT_IN_USE({ host: options.host, port: options.port, socket: 'UDP' });
    }
    throw error;
  }
  return { server, udpAddress, close: () => server.close() };
}
