// Binds the transport's UDP `Server` (@paperclip/net) to the platform's LobbyGameServer interface.
import { httpCertificateValidator, pingInterceptor, Server } from '@paperclip/net';
import { lobbyStatus } from '../realtime/platform-status.ts';
import type { GameServerOptions, LobbyAddress, LobbyGameServer } from './game-plugin.ts';

/** What a game does with a running transport server (subscribe to 'data', send, …). */
export type GameLogic = (server: Server) => void;

/**
 * A lobby game server on a real UDP socket: presents the platform's certificate, validates clients through
 * the platform's /auth/certificate/validate (as the seed's udp.Server), and reports joins and leaves.
 */
export function createUdpLobbyServer(options: GameServerOptions, logic: GameLogic): LobbyGameServer {
  const server: Server = new Server({
    certificate: options.identity.certificateDer,
    validator: httpCertificateValidator(new URL(options.certificateValidationUrl).origin),
    // Seats are joined peers (half-open handshakes have the transport's own cap), one account, one seat.
    maxClients: options.maxClients,
    ...(options.seatsPerAccount === undefined ? {} : { maxPeersPerAccount: options.seatsPerAccount }),
    heartbeatMinMs: options.heartbeatMinTime * 1000,
    heartbeatMaxMs: options.heartbeatMaxTime * 1000,
    // Seed peers may never encrypt; a peer that did (typed messages always do) gets no forged plaintext after.
    plaintextPolicy: 'refuseAfterEncrypted',
    // The status ping (game name, players joined) is answered before the v0 core, rate-limited per source.
    interceptDatagram: pingInterceptor(() => lobbyStatus(options.gameName, server.clients.size)),
  });
  // The validator already parsed the account id (net's CertificateVerdict): it passes through as is.
  server.on('clientJoin', (peer, accountId) => options.events.clientJoin(peer, accountId));
  server.on('clientLeave', (peer, accountId, reason) =>
    options.events.clientLeave(peer, accountId, reason.message),
  );
  // Transport errors are per-peer and never fatal; listening keeps them from being thrown.
  server.on('error', () => {});
  logic(server);
  return {
    async start(): Promise<LobbyAddress> {
      const address = await server.listen(options.port, options.host);
      return { host: address.host, port: address.port };
    },
    stop: () => server.close(),
  };
}
