// Turns what can go wrong for a player (wrong password, locked account, full lobby, no server) into UserErrors.
import { PlatformRequestError, PlatformUnreachableError } from '@paperclip/platform/client';
import { UserError } from '../cli-errors.ts';
import type { CliGames } from '../plugins/cli-games.ts';
import { plainPlatformMessage } from './account-errors.ts';

/**
 * The sentence for a failure caused by the user or their environment: the platform's, the CLI's, or one a
 * game's plugin recognises as its own. Undefined for anything else (a bug).
 */
export function userFacingMessage(error: unknown, games?: CliGames): string | undefined {
  if (error instanceof PlatformRequestError) return plainPlatformMessage(error.message);
  if (error instanceof PlatformUnreachableError || error instanceof UserError) return error.message;
  for (const game of games?.all() ?? []) {
    const sentence = game.describeError?.(error);
    if (sentence !== undefined) return sentence;
  }
  return undefined;
}

/** The sentence to show for any error: the user-facing one, else "Something went wrong: …". */
export function describeFailure(error: unknown, games?: CliGames): string {
  return (
    userFacingMessage(error, games) ??
    `Something went wrong: ${error instanceof Error ? error.message : String(error)}`
  );
}

/** Rethrows user-facing failures as UserError (printed without a stack trace by the CLI). */
export function asUserError(error: unknown, games?: CliGames): unknown {
  if (error instanceof UserError) return error;
  const sentence = userFacingMessage(error, games);
  return sentence === undefined ? error : new UserError(sentence);
}
