// The platform's refusals of the login and registration forms, in plain words, with the answer to ask again.
import { PlatformRequestError } from '@paperclip/platform/client';
import { describe, expect, it } from 'vitest';
import { accountProblem, plainPlatformMessage } from '../src/interactive/account-errors.ts';
import { userFacingMessage } from '../src/interactive/user-errors.ts';

const refusal = (key: string, message: string) => new PlatformRequestError(400, key, message);

describe('accountProblem', () => {
  it('turns a schema refusal of the password into a sentence and asks only the password again', () => {
    const error = refusal('bad_request', 'Invalid body: "password" must NOT have fewer than 8 characters.');
    expect(accountProblem(error)).toEqual({
      askAgain: ['password'],
      sentence: 'The password needs at least 8 characters.',
    });
    expect(userFacingMessage(error)).toBe('The password needs at least 8 characters.');
  });

  it('asks the username again for a taken, refused or look-alike name, with the server sentence', () => {
    for (const key of ['username_taken', 'username_invalid', 'username_confusable']) {
      expect(accountProblem(refusal(key, 'That username is already taken.'))).toEqual({
        askAgain: ['username'],
        sentence: 'That username is already taken.',
      });
    }
  });

  it('asks both again after wrong credentials', () => {
    const error = new PlatformRequestError(401, 'unauthorized', 'Wrong username or password.');
    expect(accountProblem(error)?.askAgain).toEqual(['username', 'password']);
  });

  it('leaves failures that are not about one answer to the caller', () => {
    expect(accountProblem(new PlatformRequestError(403, 'account_locked', 'Locked.'))).toBeUndefined();
    expect(accountProblem(new Error('bug'))).toBeUndefined();
  });
});

describe('plainPlatformMessage', () => {
  it.each([
    [
      'Invalid body: "password" must NOT have more than 1024 characters.',
      'The password can have at most 1024 characters.',
    ],
    [
      'Invalid body: "username" must NOT have fewer than 1 characters.',
      'The username needs at least 1 character.',
    ],
    ['Invalid body: "password" must have required property \'password\'.', 'Please type a password.'],
    [
      'Invalid body: "username" must match pattern "^[^\\u0000-\\u001f\\u007f]+$".',
      'The username cannot contain control characters (such as tabs).',
    ],
    [
      'Invalid body: "username" must NOT have fewer than 1 characters; "password" must NOT have fewer than 8 characters.',
      'The username needs at least 1 character. The password needs at least 8 characters.',
    ],
    ['No such lobby.', 'No such lobby.'],
    ['Invalid body: "lobby-id" must be integer.', 'Invalid body: "lobby-id" must be integer.'],
  ])('%s → %s', (message, sentence) => {
    expect(plainPlatformMessage(message)).toBe(sentence);
  });
});
