// Finding 3: the 3-strikes lockout can be raced. 40 parallel guesses (one of them right) from one source:
// how many password checks ran, and was the right one accepted? (Done-when: ≤ 3 checks.)
import { basic, http } from '../support/http.ts';
import { registerAccount, sharedPlatform, withPlatform } from '../support/platform.ts';
import { atMost, equals, info, type Scenario } from '../support/scenario.ts';

const GUESSES = 40;

export const lockoutRace: Scenario = {
  finding: 3,
  name: '40 parallel guesses',
  run: () =>
    withPlatform(sharedPlatform(), async (platform) => {
      const target = await registerAccount(platform.url, 'target', 'the-right-password');
      const before = await platform.stats();
      const right = GUESSES - 5; // late in the batch, as a guesser's list would have it
      const answers = await Promise.all(
        Array.from({ length: GUESSES }, (_, i) =>
          http(platform.url, '/auth/token', {
            authorization: basic('target', i === right ? target.password : `wrong-guess-${i}`),
            from: '127.0.0.4',
          }),
        ),
      );
      const after = await platform.stats();
      const statuses = new Map<number, number>();
      for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      return [
        atMost(
          'password checks before the lock',
          after.passwordChecks - before.passwordChecks,
          3,
          'checks',
          'NaN = no counter',
        ),
        equals('right guess accepted', answers[right]!.status === 200 ? 1 : 0, 0, 'bool'),
        info('answers', answers.length, 'requests', [...statuses].map(([s, n]) => `${s}×${n}`).join(' ')),
      ];
    }),
};
