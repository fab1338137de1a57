// The echo game: every message a member sends comes back to it with the same flags (lobby smoke tests).
import type { GamePlugin } from './game-plugin.ts';
import { createUdpLobbyServer } from './udp-game-server.ts';

/** Echo: id 2 (the seed's RPS keeps id 1), 1–8 players. */
export const echoGame: GamePlugin = {
  id: 2,
  name: 'Echo',
  minPlayers: 1,
  maxPlayers: 8,
  createServer: (options) =>
    createUdpLobbyServer(options, (server) => {
      server.on('data', (peer, data, flags) => {
        try {
          server.send(peer, data, flags);
        } catch {
          // The peer left or its queue is full: an echo is best effort.
        }
      });
    }),
};
