// The seed client's menus after login: friends, available games, and starting or joining a lobby.
import type { LobbyInfo, PlatformSession } from '@paperclip/platform/client';
import pc from 'picocolors';
import { UserError } from '../cli-errors.ts';
import type { CliGames } from '../plugins/cli-games.ts';
import { untilCtrlC } from './ctrl-c.ts';
import { gameTerminal } from './game-terminal.ts';
import { ask, askId, choose, log, note, pause } from './prompts.ts';
import { describeFailure, userFacingMessage } from './user-errors.ts';

/** Shown beside a hosted game no loaded plugin can play. */
const NOT_PLAYABLE = 'not playable here';

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
    hosted
      .map(
        (game) => `${game.id}. ${game.name}${games.byId(game.id) === undefined ? ` (${NOT_PLAYABLE})` : ''}`,
      )
      .join('\n') || 'No games are hosted.',
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
      ...(settings.games.byId(lobby.gameId) === undefined
        ? { hint: `${entry.account.username}, ${NOT_PLAYABLE}`, disabled: true }
        : { hint: entry.account.username }),
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

/**
 * The game to play. Only games a plugin can play are selectable; the platform's others are listed greyed
 * out, so the user sees why they cannot be picked. Undefined on Esc, or when none is playable.
 */
async function pickGame(session: PlatformSession, games: CliGames): Promise<number | undefined> {
  const hosted = await session.games();
  if (!hosted.some((game) => games.byId(game.id) !== undefined)) {
    log.warn(
      games.all().length === 0
        ? 'This client has no game plugins, so it cannot play any game.'
        : `The server hosts no game this client can play (it can play ${games
            .all()
            .map((game) => game.name)
            .join(', ')}).`,
    );
    return undefined;
  }
  // Playable games first: the cursor starts on the first one.
  const ordered = [
    ...hosted.filter((game) => games.byId(game.id) !== undefined),
    ...hosted.filter((game) => games.byId(game.id) === undefined),
  ];
  const picked = await choose(
    'Game',
    ordered.map((game) =>
      games.byId(game.id) === undefined
        ? { value: String(game.id), label: game.name, hint: NOT_PLAYABLE, disabled: true }
        : { value: String(game.id), label: game.name },
    ),
  );
  return picked === undefined ? undefined : Number(picked);
}

/** Hands the lobby to the game's player side; back in the menus once the player leaves or the game ends. */
async function join(session: PlatformSession, lobby: LobbyInfo, settings: GameSettings): Promise<void> {
  const game = settings.games.byId(lobby.gameId);
  if (game === undefined) {
    throw new UserError(`Lobby ${lobby.lobbyId} hosts a game (id ${lobby.gameId}) this client cannot play.`);
  }
  log.warn(`Joining lobby '${lobby.lobbyId}'`);
  // The game's own prompts answer Ctrl-C like Esc (it leaves the game); then the client leaves too.
  await untilCtrlC(() =>
    game.playInteractive({
      session,
      lobby,
      terminal: gameTerminal,
      inputTimeoutMs: settings.inputTimeoutMs,
    }),
  );
}
