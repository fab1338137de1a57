// Plays scripted RPS moves for `paperclip play rps`: log in, matchmake or join, one pick per round, report results.
import { type LobbyInfo, PlatformClient, PlatformRequestError } from '@paperclip/platform/client';
import { type Choice, joinRpsLobby, RPS_GAME, type RpsEvent, type RpsPlayer } from '@paperclip/rps';
import { UserError } from '../cli-errors.ts';
import { gameOverText, roundJson, roundText } from '../interactive/round-text.ts';

/** What `play rps` was asked to do. */
export interface ScriptedGame {
  baseUrl: string;
  user: string;
  password: string;
  register: boolean;
  /** Join this lobby; undefined = matchmaking. */
  lobbyId: number | undefined;
  moves: Choice[];
  json: boolean;
  /** Longest wait for one round's result (the opponent may be slow to join or pick), in ms. */
  roundTimeoutMs: number;
}

/** How the game ended for this player. */
export interface ScriptedResult {
  rounds: number;
  score: number;
  otherScore: number;
  /** 'finished': every move was played; 'opponent-left' / 'server-closing': the game ended early. */
  ending: 'finished' | 'opponent-left' | 'server-closing';
}

/** Plays the moves; writes one line per event to `write`. Throws UserError-worthy errors on failure. */
export async function playScripted(
  game: ScriptedGame,
  write: (line: string) => void,
): Promise<ScriptedResult> {
  const say = (json: Record<string, unknown>, text: string) => write(game.json ? JSON.stringify(json) : text);
  const client = new PlatformClient(game.baseUrl);
  if (game.register) {
    try {
      await client.register(game.user, game.password);
    } catch (error) {
      // Registering an account that exists with this password is harmless for scripts: log in instead.
      if (!(error instanceof PlatformRequestError && error.code === 'username_taken')) throw error;
    }
  }
  const session = await client.login(game.user, game.password);
  const lobby: LobbyInfo =
    game.lobbyId === undefined ? await session.matchmake(RPS_GAME.id) : await session.lobby(game.lobbyId);
  const player = await joinRpsLobby(session, lobby);
  say(
    { event: 'joined', lobbyId: lobby.lobbyId, address: lobby.address, account: session.account.username },
    `Joined lobby ${lobby.lobbyId} (${lobby.address}) as ${session.account.username}.`,
  );
  let last = { rounds: 0, score: 0, otherScore: 0 };
  try {
    for (const move of game.moves) {
      player.choose(move);
      const event = await nextResult(player, game.roundTimeoutMs, (waiting) =>
        say({ event: 'state', state: waiting.state, players: waiting.players }, stateText(waiting)),
      );
      if (event.type === 'round') {
        last = { rounds: event.round, score: event.score, otherScore: event.otherScore };
        say(roundJson(event), roundText(event));
        continue;
      }
      if (event.type === 'game-over') {
        say(
          {
            event: 'game-over',
            reason: event.reason,
            rounds: event.rounds,
            score: event.score,
            otherScore: event.otherScore,
          },
          gameOverText(event),
        );
        return {
          rounds: event.rounds,
          score: event.score,
          otherScore: event.otherScore,
          ending: event.reason,
        };
      }
      throw new UserError(`The game server closed the connection: ${event.message}`);
    }
  } finally {
    await player.leave().catch(() => undefined);
  }
  say(
    { event: 'finished', rounds: last.rounds, score: last.score, otherScore: last.otherScore },
    `Done: ${last.rounds} round${last.rounds === 1 ? '' : 's'} played, final score ${last.score}:${last.otherScore}.`,
  );
  return { ...last, ending: 'finished' };
}

/** The next round result or game end, reporting state changes on the way. */
async function nextResult(
  player: RpsPlayer,
  timeoutMs: number,
  onState: (state: RpsEvent & { type: 'state' }) => void,
): Promise<Exclude<RpsEvent, { type: 'state' }>> {
  const deadline = AbortSignal.timeout(timeoutMs);
  for (;;) {
    let event: RpsEvent;
    try {
      event = await player.next(deadline);
    } catch {
      throw new UserError(`No result within ${Math.round(timeoutMs / 1000)} s: the opponent did not play.`);
    }
    if (event.type !== 'state') return event;
    onState(event);
  }
}

function stateText(state: RpsEvent & { type: 'state' }): string {
  return state.state === 'waiting' ? 'Waiting for an opponent…' : 'Your opponent is here: the game is on.';
}
