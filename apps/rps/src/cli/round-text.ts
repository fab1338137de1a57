// How a round and a game over read on a terminal, in colour, and as JSON lines for scripts.
import type { TextPaint } from '@paperclip/cli';
import type { RpsEvent } from '../client/rps-player.ts';
import { choiceName, Outcome, outcomeName } from '../rules.ts';

type RoundEvent = RpsEvent & { type: 'round' };
type GameOverEvent = RpsEvent & { type: 'game-over' };

/** "You WIN. You picked rock. They picked scissors. The score is 1:0." (the seed's wording, in colour). */
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
  return `${why}: the game is over after ${event.rounds} round${event.rounds === 1 ? '' : 's'}. Final score ${event.score}:${event.otherScore}.`;
}

/** One JSON object per round for `--json`. */
export function roundJson(round: RoundEvent): Record<string, unknown> {
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
