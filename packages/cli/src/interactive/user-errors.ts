// Turns what can go wrong for a player (wrong password, locked account, full lobby, no server) into UserErrors.
import { PlatformRequestError, PlatformUnreachableError } from '@paperclip/platform/client';
import { RpsJoinError } from '@paperclip/rps';
import { UserError } from '../cli-errors.ts';

/** True for failures caused by the user or their environment, whose message is a sentence to show as is. */
export function isUserFacing(error: unknown): error is Error {
  return (
    error instanceof PlatformRequestError ||
    error instanceof PlatformUnreachableError ||
    error instanceof RpsJoinError ||
    error instanceof UserError
  );
}

/** The sentence to show for an error: the platform's or transport's own for user-facing ones. */
export function describeFailure(error: unknown): string {
  if (isUserFacing(error)) return error.message;
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}

/** Rethrows user-facing failures as UserError (printed without a stack trace by the CLI). */
export function asUserError(error: unknown): unknown {
  if (error instanceof UserError) return error;
  if (isUserFacing(error)) return new UserError(error.message);
  return error;
}
