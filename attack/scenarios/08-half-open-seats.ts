// Finding 8: half-open handshakes count against a lobby's capacity. A 2-seat lobby (MAX_CLIENTS=2) gets two
// AUTH datagrams with valid certificates that are never completed; then a real player tries to join, and
// /lobby/all and matchmaking are compared with what the game server accepts.

import { authDatagram } from '../support/auth-datagram.ts';
import { field, http } from '../support/http.ts';
import { registerAccount, startPlatformChild } from '../support/platform.ts';
import { equals, info, pause, type Scenario } from '../support/scenario.ts';
import { boundSocket, closeSockets } from '../support/sockets.ts';
import { createLobby, lobbyCertificate, tryConnect } from '../support/udp.ts';

export const halfOpenSeats: Scenario = {
  finding: 8,
  name: 'half-open handshakes hold seats',
  async run() {
    const platform = await startPlatformChild({ MAX_CLIENTS: '2' });
    const sockets = [await boundSocket('127.0.0.21'), await boundSocket('127.0.0.22')];
    try {
      const owner = await registerAccount(platform.url, 'owner');
      const squatter = await registerAccount(platform.url, 'squatter');
      const player = await registerAccount(platform.url, 'player');
      const lobby = await createLobby(platform.url, owner);
      const squatterCertificate = await lobbyCertificate(platform.url, squatter);
      for (const socket of sockets) socket.send(authDatagram(squatterCertificate), lobby.port, lobby.host);
      await pause(1000); // the lobby validates the certificates over HTTP, then waits for the handshake's end
      const all = await http(platform.url, '/lobby/all', { authorization: player.auth });
      const listed = (all.json as Record<string, Record<string, unknown>> | undefined)?.[String(lobby.id)];
      const joined = await tryConnect(
        platform.url,
        lobby,
        await lobbyCertificate(platform.url, player),
        4000,
      );
      await joined.client?.close();
      const matchmake = await http(platform.url, '/lobby/matchmake', {
        method: 'POST',
        authorization: player.auth,
        body: { 'game-name': 'Echo' },
      });
      return [
        equals('player joins the squatted 2-seat lobby', joined.client ? 1 : 0, 1, 'bool', joined.error),
        info(
          '/lobby/all members / is-full',
          Number(listed?.['members'] ?? Number.NaN),
          'members',
          `is-full ${String(listed?.['is-full'])}`,
        ),
        info(
          'matchmaking offers',
          Number(field(matchmake, 'lobby-id') ?? Number.NaN),
          'lobby id',
          `squatted lobby ${lobby.id}, created ${String(field(matchmake, 'created'))}`,
        ),
      ];
    } finally {
      closeSockets(sockets);
      await platform.close();
    }
  },
};
