// `paperclip play rps`: joins the lobby the CLI found, plays one scripted pick per round, reports each result.
import type { ScriptedPlay } from '@paperclip/cli';
import { joinRpsLobby } from '../client/join-lobby.ts';
import type { RpsEvent, RpsPlayer } from '../client/rps-player.ts';
import { GameClosedError, RoundTimeoutError } from '../rps-errors.ts';
import type { Choice } from '../rules.ts';
import { finishedJson, gameOverJson, joinedJson, roundJson, stateJson } from './play-json.ts';
import { gameOverText, roundText, ScreenText, type Tally } from './round-text.ts';

/** How a scripted game can end badly (PC_RPS_ROUND_TIMEOUT, PC_RPS_GAME_CLOSED): see rps-errors.ts. */
export { GameClosedError, RoundTimeoutError } from '../rps-errors.ts';

/** Plays the moves; resolves when all are played or the game ended early (opponent left, server closing). */
export async function playScripted(play: ScriptedPlay<Choice>): Promise<void> {
  const { session, lobby, say } = play;
  const player = await joinRpsLobby(session, lobby);
  say(
    joinedJson(lobby.lobbyId, lobby.address, session.account.username),
    `Joined lobby ${lobby.lobbyId} (${lobby.address}) as ${session.account.username}.`,
  );
  let last: Tally = { rounds: 0, score: 0, otherScore: 0 };
  try {
    for (const move of play.moves) {
      player.choose(move);
      const event = await nextResult(player, play.roundTimeoutMs, (waiting) =>
        say(stateJson(waiting), stateText(waiting)),
      );
      if (event.type === 'round') {
        last = { rounds: event.round, score: event.score, otherScore: event.otherScore };
        say(roundJson(event), roundText(event, play.paint));
        continue;
      }
      if (event.type === 'game-over') {
        say(gameOverJson(event), gameOverText(event));
        return;
      }
      throw new GameClosedError(event.message);
    }
  } finally {
    await player.leave().catch(() => undefined);
  }
  say(
    finishedJson(last),
    `Done: ${last.rounds} round${last.rounds === 1 ? '' : 's'} played, final score ${last.score}:${last.otherScore}.`,
  );
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
      throw new RoundTimeoutError(timeoutMs);
    }
    if (event.type !== 'state') return event;
    onState(event);
  }
}

function stateText(state: RpsEvent & { type: 'state' }): string {
  return state.state === 'waiting' ? ScreenText.WAITING_FOR_OPPONENT : ScreenText.OPPONENT_HERE;
}
