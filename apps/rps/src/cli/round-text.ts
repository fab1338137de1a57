// How the game reads on a terminal: round results, the final score, and the game screen's notices.
import type { TextPaint } from '@paperclip/cli';
import type { RpsEvent } from '../client/rps-player.ts';
import { choiceName, Outcome } from '../rules.ts';

type RoundEvent = RpsEvent & { type: 'round' };
type GameOverEvent = RpsEvent & { type: 'game-over' };

/** Rounds played and the score so far (what the player who leaves is shown). */
export interface Tally {
  rounds: number;
  score: number;
  otherScore: number;
}

/** The game screen's notices, word for word (tests and the newcomer test match them). */
export const ScreenText = {
  /** On entry when nobody else is in the lobby yet (and if the opponent leaves before the game starts). */
  WAITING: 'Waiting for an opponent… you can pick already.',
  /** On entry when the opponent is already in the lobby. */
  OPPONENT_HERE: 'Your opponent is here: the game is on.',
  /** While waiting (at the pick prompt or for a round), when the opponent arrives. */
  OPPONENT_JOINED: 'Your opponent has joined: the game is on.',
  /** The pick prompt, asked again every --input-timeout seconds. */
  PICK: 'Your pick: r rock, p paper, s scissors (q leaves)',
  /** The spinner after a pick, while the opponent is there but has not picked. */
  WAITING_FOR_PICK: 'Waiting for the other player…',
  /** The spinner after a pick made before the opponent arrived. */
  WAITING_FOR_OPPONENT: 'Waiting for an opponent…',
  BOTH_PICKED: 'Both picked.',
  LEAVING: 'Quitting. Please wait…',
} as const;

/** "Round 1: you WIN. You picked rock. They picked scissors. The score is 1:0." (the seed's wording, in colour). */
export function roundText(round: RoundEvent, paint: TextPaint): string {
  const verdict =
    round.outcome === Outcome.WIN
      ? paint.green('WIN')
      : round.outcome === Outcome.LOSE
        ? paint.red('LOSE')
        : paint.cyan('DRAW');
  return (
    `Round ${round.round}: you ${verdict}. You picked ${choiceName(round.choice)}. ` +
    `They picked ${choiceName(round.otherChoice)}. The score is ${round.score}:${round.otherScore}.`
  );
}

/** Why the game ended and the final score. */
export function gameOverText(event: GameOverEvent): string {
  const why = event.reason === 'opponent-left' ? 'Your opponent left' : 'The server is closing';
  return `${why}: the game is over after ${roundsText(event.rounds)}. Final score ${event.score}:${event.otherScore}.`;
}

/** What the player who leaves is told: "You left the game after 3 rounds. Final score 1:1." */
export function leftText(tally: Tally): string {
  return `You left the game after ${roundsText(tally.rounds)}. Final score ${tally.score}:${tally.otherScore}.`;
}

function roundsText(rounds: number): string {
  return `${rounds} round${rounds === 1 ? '' : 's'}`;
}
