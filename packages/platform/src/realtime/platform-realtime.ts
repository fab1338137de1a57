// Wires the realtime endpoint to a built, listening platform app: its certificate, tokens, lobbies and config.
import { httpCertificateValidator } from '@paperclip/net';
import type { FastifyInstance } from 'fastify';
import type { PlatformConfig } from '../config.ts';
import { platformStatus } from './platform-status.ts';
import { type RealtimeEndpoint, startRealtime } from './realtime-endpoint.ts';

/**
 * Starts the platform's realtime endpoint once `app` listens on `port`: UDP on the same port number (unless
 * `config.realtimeUdp` is false), WebSocket at /realtime. `baseUrl` is the platform's own HTTP URL, where UDP
 * clients' certificates are validated (as lobbies do).
 */
export function startPlatformRealtime(
  app: FastifyInstance,
  config: PlatformConfig,
  port: number,
  baseUrl: string,
): Promise<RealtimeEndpoint> {
  const { identity, accounts, lobbies } = app.platform;
  return startRealtime({
    httpServer: app.server,
    host: config.host,
    port,
    udp: config.realtimeUdp,
    certificate: identity.certificateDer,
    validator: httpCertificateValidator(baseUrl),
    authenticate: async (token) => {
      const account = await accounts.authenticateToken(token);
      return { accountId: account.id, username: account.username };
    },
    status: () => platformStatus(lobbies),
  });
}
