// The JSON lines of `paperclip play rps --json`, one builder per event (docs/RPS.md lists them; a test checks).
import type { RpsEvent } from '../client/rps-player.ts';
import { choiceName, outcomeName } from '../rules.ts';
import type { Tally } from './round-text.ts';

type StateEvent = RpsEvent & { type: 'state' };
type RoundEvent = RpsEvent & { type: 'round' };
type GameOverEvent = RpsEvent & { type: 'game-over' };

/** `{"event":"joined",…}`: the player is in the lobby's game. First line. */
export function joinedJson(lobbyId: number, address: string, account: string) {
  return { event: 'joined', lobbyId, address, account };
}

/** `{"event":"state",…}`: the server says whether the game waits for an opponent or is on. */
export function stateJson(state: StateEvent) {
  return { event: 'state', state: state.state, players: state.players };
}

/** `{"event":"round",…}`: one round's result, names for picks and outcome. */
export function roundJson(round: RoundEvent) {
  return {
    event: 'round',
    round: round.round,
    outcome: outcomeName(round.outcome),
    choice: choiceName(round.choice),
    otherChoice: choiceName(round.otherChoice),
    score: round.score,
    otherScore: round.otherScore,
  };
}

/** `{"event":"game-over",…}`: the game ended early (the opponent left, the server is closing). Last line. */
export function gameOverJson(event: GameOverEvent) {
  return {
    event: 'game-over',
    reason: event.reason,
    rounds: event.rounds,
    score: event.score,
    otherScore: event.otherScore,
  };
}

/** `{"event":"finished",…}`: every move was played. Last line. */
export function finishedJson(tally: Tally) {
  return { event: 'finished', rounds: tally.rounds, score: tally.score, otherScore: tally.otherScore };
}
