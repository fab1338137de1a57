// The start menu's forms: log in, or create an account; a refused answer is asked again, the others are kept.
import type { PlatformClient, PlatformSession } from '@paperclip/platform/client';
import { type AccountField, accountProblem } from './account-errors.ts';
import { ask, askPassword, log } from './prompts.ts';

/** Asks for a username and password and logs in; undefined when the user presses Esc. */
export function login(client: PlatformClient): Promise<PlatformSession | undefined> {
  return fillAccountForm((username, password) => client.login(username, password));
}

/** Asks for a username and password, creates the account and logs in; undefined on Esc. */
export function register(client: PlatformClient): Promise<PlatformSession | undefined> {
  return fillAccountForm(async (username, password) => {
    const account = await client.register(username, password);
    log.success(`Account created for '${account.username}'.`);
    return client.login(username, password);
  });
}

/**
 * Asks for what is missing and submits, until the platform accepts. When it refuses one answer in a way the
 * user can fix (password too short, username taken, wrong credentials), that sentence is shown and only that
 * answer is asked again: a refused username is typed in already, to edit. Other failures are thrown.
 */
async function fillAccountForm(
  submit: (username: string, password: string) => Promise<PlatformSession>,
): Promise<PlatformSession | undefined> {
  const form: Partial<Record<AccountField, string>> = {};
  let refusedUsername: string | undefined;
  for (;;) {
    if (form.username === undefined) {
      form.username = await ask('Username', {
        required: true,
        ...(refusedUsername === undefined ? {} : { initialValue: refusedUsername }),
      });
      if (form.username === undefined) return undefined;
    }
    if (form.password === undefined) {
      form.password = await askPassword('Password');
      if (form.password === undefined) return undefined;
    }
    try {
      return await submit(form.username, form.password);
    } catch (error) {
      const problem = accountProblem(error);
      if (problem === undefined) throw error;
      log.error(problem.sentence);
      if (problem.askAgain.includes('username')) refusedUsername = form.username;
      for (const field of problem.askAgain) delete form[field];
    }
  }
}
