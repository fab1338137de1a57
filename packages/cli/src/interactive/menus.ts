// The seed client's menus after login: friends, available games, and starting or joining a lobby.
import type { LobbyInfo, PlatformSession } from '@paperclip/platform/client';
import pc from 'picocolors';
import { UserError } from '../cli-errors.ts';
import type { CliGames } from '../plugins/cli-games.ts';
import { gameTerminal } from './game-terminal.ts';
import { ask, askId, choose, log, note, pause } from './prompts.ts';
import { describeFailure, userFacingMessage } from './user-errors.ts';

/** Runs one menu action; a user-facing failure is shown as a sentence and the menu goes on. */
export async function attempt(games: CliGames, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (userFacingMessage(error, games) === undefined) throw error;
    log.error(describeFailure(error, games));
  }
}

/** Manage friends: list, pending requests, add (a request until accepted), accept, decline, remove. */
export async function friendsMenu(session: PlatformSession, games: CliGames): Promise<void> {
  for (;;) {
    const friends = await session.friends();
    const { incoming, outgoing } = await session.friendRequests();
    note(
      friends.length === 0 ? 'No friends yet.' : friends.map((f, i) => `${i + 1}. ${f.username}`).join('\n'),
      'Friend list',
    );
    const pending = [
      ...incoming.map((a) => `${a.username} asks to be your friend`),
      ...outgoing.map((a) => `${a.username} has not answered your request yet`),
    ];
    if (pending.length > 0) note(pending.join('\n'), 'Friend requests');
    const answers =
      incoming.length === 0
        ? []
        : [
            { value: 'accept', label: 'Accept a friend request' },
            { value: 'decline', label: 'Decline a friend request' },
          ];
    const action = await choose('Friends', [
      { value: 'add', label: 'Add new friend' },
      ...answers,
      { value: 'remove', label: 'Remove friend' },
      { value: 'back', label: 'Return to main menu' },
    ]);
    if (action === undefined || action === 'back') return;
    const username = await whichAccount(action, incoming, [...friends, ...outgoing]);
    if (username === undefined) continue;
    await attempt(games, async () => {
      if (action === 'add') {
        const state = await session.addFriend(username);
        log.success(
          state === 'friend'
            ? `Account '${username}' added as friend.`
            : `Friend request sent to '${username}'; they become your friend when they accept.`,
        );
      } else if (action === 'accept') {
        await session.acceptFriend(username);
        log.success(`Account '${username}' added as friend.`);
      } else if (action === 'decline') {
        await session.declineFriend(username);
        log.success(`Friend request from '${username}' declined.`);
      } else {
        await session.removeFriend(username);
        log.success(`Account '${username}' removed as friend.`);
      }
    });
  }
}

/**
 * The account a friends action is about: typed for a new friend, otherwise picked from the accounts it can
 * apply to (incoming requests to answer; friends and our own open requests to remove or withdraw).
 */
async function whichAccount(
  action: string,
  incoming: readonly { username: string }[],
  removable: readonly { username: string }[],
): Promise<string | undefined> {
  if (action === 'add') return ask('Username', { required: true });
  const accounts = action === 'remove' ? removable : incoming;
  if (accounts.length === 0) {
    log.info('There is nobody to remove yet.');
    return undefined;
  }
  return choose(
    action === 'remove'
      ? 'Remove whom?'
      : action === 'accept'
        ? 'Accept whose request?'
        : 'Decline whose request?',
    accounts.map((account) => ({ value: account.username, label: account.username })),
  );
}

/** See available games, and the best scores of those this client can play. */
export async function gamesMenu(session: PlatformSession, games: CliGames): Promise<void> {
  const hosted = await session.games();
  note(
    hosted.map((game) => `${game.id}. ${game.name}`).join('\n') || 'No games are hosted.',
    'Available games',
  );
  for (const game of hosted.filter((candidate) => games.byId(candidate.id) !== undefined)) {
    const scores = (await session.scores(game.id)).slice(0, 5);
    if (scores.length > 0) {
      note(
        scores.map((row, i) => `${i + 1}. ${row.username}: ${row.score}`).join('\n'),
        `${game.name} best scores`,
      );
    }
  }
  await pause();
}

/** Settings of the interactive client. */
export interface GameSettings {
  /** The games the loaded plugins can play. */
  games: CliGames;
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
    await attempt(settings.games, async () => {
      if (action === 'matchmaking') {
        const gameId = await pickGame(session, settings.games);
        if (gameId !== undefined) await join(session, await session.matchmake(gameId), settings);
      } else if (action === 'create') {
        const gameId = await pickGame(session, settings.games);
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

/** The game to play; games without a plugin's player side are listed for information only. */
async function pickGame(session: PlatformSession, games: CliGames): Promise<number | undefined> {
  const hosted = await session.games();
  const picked = await choose(
    'Game',
    hosted.map((game) => ({
      value: String(game.id),
      label: game.name,
      ...(games.byId(game.id) === undefined ? { hint: 'not playable from this client' } : {}),
    })),
  );
  if (picked === undefined) return undefined;
  const game = games.byId(Number(picked));
  if (game === undefined) {
    const playable = games.all().map((candidate) => candidate.name);
    log.warn(
      playable.length === 0
        ? 'This client has no game plugins, so it cannot play any game.'
        : `This client can play ${playable.join(', ')}.`,
    );
    return undefined;
  }
  return game.id;
}

/** Hands the lobby to the game's player side; back in the menus once the player leaves or the game ends. */
async function join(session: PlatformSession, lobby: LobbyInfo, settings: GameSettings): Promise<void> {
  const game = settings.games.byId(lobby.gameId);
  if (game === undefined) {
    throw new UserError(`Lobby ${lobby.lobbyId} hosts a game (id ${lobby.gameId}) this client cannot play.`);
  }
  log.warn(`Joining lobby '${lobby.lobbyId}'`);
  await game.playInteractive({
    session,
    lobby,
    terminal: gameTerminal,
    inputTimeoutMs: settings.inputTimeoutMs,
  });
}
