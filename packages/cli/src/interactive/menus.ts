// The seed client's menus after login: friends, available games, and starting or joining a lobby.
import type { LobbyInfo, PlatformSession } from '@paperclip/platform/client';
import { joinRpsLobby, RPS_GAME } from '@paperclip/rps';
import pc from 'picocolors';
import { playRpsScreen } from './game-screen.ts';
import { ask, askId, choose, log, note, pause, spinner } from './prompts.ts';
import { describeFailure, isUserFacing } from './user-errors.ts';

/** Runs one menu action; a user-facing failure is shown as a sentence and the menu goes on. */
export async function attempt(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isUserFacing(error)) throw error;
    log.error(describeFailure(error));
  }
}

/** Manage friends: list, add, remove. */
export async function friendsMenu(session: PlatformSession): Promise<void> {
  for (;;) {
    const friends = await session.friends();
    note(
      friends.length === 0 ? 'No friends yet.' : friends.map((f, i) => `${i + 1}. ${f.username}`).join('\n'),
      'Friend list',
    );
    const action = await choose('Friends', [
      { value: 'add', label: 'Add new friend' },
      { value: 'remove', label: 'Remove friend' },
      { value: 'back', label: 'Return to main menu' },
    ]);
    if (action === undefined || action === 'back') return;
    const username = await ask('Username', { required: true });
    if (username === undefined) continue;
    await attempt(async () => {
      if (action === 'add') {
        await session.addFriend(username);
        log.success(`Account '${username}' added as friend.`);
      } else {
        await session.removeFriend(username);
        log.success(`Account '${username}' removed as friend.`);
      }
    });
  }
}

/** See available games (and RPS's best scores). */
export async function gamesMenu(session: PlatformSession): Promise<void> {
  const games = await session.games();
  note(
    games.map((game) => `${game.id}. ${game.name}`).join('\n') || 'No games are hosted.',
    'Available games',
  );
  if (games.some((game) => game.id === RPS_GAME.id)) {
    const scores = (await session.scores(RPS_GAME.id)).slice(0, 5);
    if (scores.length > 0) {
      note(scores.map((row, i) => `${i + 1}. ${row.username}: ${row.score}`).join('\n'), 'RPS best scores');
    }
  }
  await pause();
}

/** Settings of the game screens. */
export interface GameSettings {
  /** How long a pick prompt waits before asking again (the seed's 10 s). */
  inputTimeoutMs: number;
}

/** Start or join a lobby: matchmaking, friends' lobbies, join by id, create. */
export async function lobbyMenu(session: PlatformSession, settings: GameSettings): Promise<void> {
  for (;;) {
    const action = await choose('Lobby', [
      { value: 'matchmaking', label: 'Matchmaking' },
      { value: 'friends', label: "Friends' lobbies" },
      { value: 'join', label: 'Join lobby by id' },
      { value: 'create', label: 'Create lobby' },
      { value: 'back', label: 'Return to main menu' },
    ]);
    if (action === undefined || action === 'back') return;
    await attempt(async () => {
      if (action === 'matchmaking') {
        const gameId = await pickGame(session);
        if (gameId !== undefined) await join(session, await session.matchmake(gameId), settings);
      } else if (action === 'create') {
        const gameId = await pickGame(session);
        if (gameId !== undefined) await join(session, await session.createLobby(gameId), settings);
      } else if (action === 'join') {
        const lobbyId = await askId('Lobby id');
        if (lobbyId !== undefined) await join(session, await session.lobby(lobbyId), settings);
      } else {
        await friendsLobbies(session, settings);
      }
    });
  }
}

async function friendsLobbies(session: PlatformSession, settings: GameSettings): Promise<void> {
  const entries = await session.friendLobbies();
  const items = entries.flatMap((entry) =>
    entry.lobbies.map((lobby) => ({
      value: String(lobby.lobbyId),
      label: `${pc.cyan(String(lobby.lobbyId))}. ${lobby.gameName}`,
      hint: entry.account.username,
    })),
  );
  if (items.length === 0) {
    log.info('None of your friends is in a lobby with room right now.');
    return;
  }
  const picked = await choose("Friends' lobbies", [
    ...items,
    { value: 'back', label: 'Return to lobby menu' },
  ]);
  if (picked === undefined || picked === 'back') return;
  await join(session, await session.lobby(Number(picked)), settings);
}

/** The game to play; only RPS can be played from this client, the others are listed for information. */
async function pickGame(session: PlatformSession): Promise<number | undefined> {
  const games = await session.games();
  const picked = await choose(
    'Game',
    games.map((game) => ({
      value: String(game.id),
      label: game.name,
      ...(game.id === RPS_GAME.id ? {} : { hint: 'not playable from this client' }),
    })),
  );
  if (picked === undefined) return undefined;
  if (Number(picked) !== RPS_GAME.id) {
    log.warn('This client can only play RPS.');
    return undefined;
  }
  return RPS_GAME.id;
}

async function join(session: PlatformSession, lobby: LobbyInfo, settings: GameSettings): Promise<void> {
  log.warn(`Joining lobby '${lobby.lobbyId}'`);
  const connecting = spinner();
  connecting.start(`Connecting to ${lobby.address}…`);
  try {
    const player = await joinRpsLobby(session, lobby);
    connecting.stop(`Connected to lobby ${lobby.lobbyId}.`);
    await playRpsScreen(player, settings.inputTimeoutMs);
  } catch (error) {
    connecting.error('Could not join.');
    throw error;
  }
}
