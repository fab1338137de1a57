// Joins an RPS lobby as a logged-in account: a certificate signed by the account key, the platform as validator.
import { buildCertificate, httpCertificateValidator } from '@paperclip/net';
import type { LobbyInfo, PlatformSession } from '@paperclip/platform/client';
import { RPS_GAME } from '../rules.ts';
import { RpsJoinError, RpsPlayer } from './rps-player.ts';

/** Options of {@link joinRpsLobby}. */
export interface JoinLobbyOptions {
  /** Time allowed for the handshakes. Default 10 000 ms. */
  connectTimeoutMs?: number;
}

/**
 * Connects to the lobby's game server as the session's account. The certificate carries the account id and
 * name and is signed with the account key, so the lobby (asking the platform) knows who plays; the server's
 * certificate is checked with the same platform. Rejects with RpsJoinError for a full or unreachable lobby.
 */
export async function joinRpsLobby(
  session: PlatformSession,
  lobby: LobbyInfo,
  options: JoinLobbyOptions = {},
): Promise<RpsPlayer> {
  if (lobby.gameId !== RPS_GAME.id) {
    throw new RpsJoinError(
      'INCOMPATIBLE',
      `Lobby ${lobby.lobbyId} hosts another game (id ${lobby.gameId}), not RPS.`,
    );
  }
  const host = new URL(session.client.baseUrl).hostname.replace(/^\[|\]$/g, '');
  const certificate = await buildCertificate(session.privateKey, {
    organization: 'Paperclip',
    commonName: host,
    accountId: session.account.id,
    username: session.account.username,
  });
  return RpsPlayer.join({
    lobbyAddress: lobby.address,
    certificate,
    validator: httpCertificateValidator(session.client.baseUrl),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
  });
}
