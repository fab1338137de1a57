// What status pings say: the platform's (players in lobbies, lobbies running) and one lobby's (its game, its players).
import { createRequire } from 'node:module';
import type { ServerStatus } from '@paperclip/messages';
import type { LobbyManager } from '../lobbies/lobby-manager.ts';

/** @paperclip/platform's version: src/realtime and dist/realtime both sit two folders below package.json. */
const PLATFORM_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;

/** The name the platform's ping answers with. */
const PLATFORM_STATUS_NAME = 'Paperclip platform';

/**
 * The platform's status, computed per ping: `players` = members of running lobbies (joined peers, the same
 * count the lobby API reports), `games` = lobbies running now (not the games registered: those are in
 * GET /games).
 */
export function platformStatus(lobbies: Pick<LobbyManager, 'all'>): ServerStatus {
  let players = 0;
  const running = lobbies.all();
  for (const lobby of running) players += lobby.members.length;
  return { name: PLATFORM_STATUS_NAME, version: PLATFORM_VERSION, players, games: running.length };
}

/** One lobby's status: named for its game ("RPS lobby"), `players` = peers joined now, `games` = 1. */
export function lobbyStatus(gameName: string | undefined, players: number): ServerStatus {
  const name = gameName === undefined ? 'Paperclip lobby' : `${gameName} lobby`;
  return { name, version: PLATFORM_VERSION, players, games: 1 };
}
