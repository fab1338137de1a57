// RPS's player side for the `paperclip` CLI: `paperclip play rps --moves r,p,s` and the interactive game screen.
import type { CliGame } from '@paperclip/cli';
import { RpsJoinError } from '../client/rps-player.ts';
import { type Choice, parseMoves, RPS_GAME } from '../rules.ts';
import { playInteractive } from './game-screen.ts';
import { GameClosedError, playScripted, RoundTimeoutError } from './scripted-game.ts';

/** The RPS CliGame: game id 1, "RPS"; moves are r/p/s, rock/paper/scissors or 0/1/2. */
export const rpsCliGame: CliGame<Choice> = {
  id: RPS_GAME.id,
  name: RPS_GAME.name,
  movesHelp: 'comma-separated moves: r,p,s (or rock/paper/scissors, 0/1/2)',
  parseMoves,
  playScripted,
  playInteractive,
  describeError(error) {
    const ours =
      error instanceof RpsJoinError || error instanceof RoundTimeoutError || error instanceof GameClosedError;
    return ours ? error.message : undefined;
  },
};
