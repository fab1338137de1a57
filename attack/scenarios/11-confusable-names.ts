// Finding 11: identity hygiene — names that look like `alice` (or can never log in) must not register next to it.
import { http } from '../support/http.ts';
import { registerAccount, sharedPlatform, withPlatform } from '../support/platform.ts';
import { equals, type Scenario } from '../support/scenario.ts';

/** Each look-alike of "alice", with what it is. */
const LOOKALIKES: readonly [string, string][] = [
  ['Alice', 'capital'],
  ['alice ', 'trailing space'],
  [' alice', 'leading space'],
  ['alice\u200b', 'zero-width space'],
  ['\u0430lice', 'Cyrillic а'],
  ['\u202ealice', 'RTL override'],
  ['alic\u0065\u0301', 'combining accent'],
  ['al:ice', 'colon (can never log in)'],
];

export const confusableNames: Scenario = {
  finding: 11,
  name: 'look-alike usernames',
  run: () =>
    withPlatform(sharedPlatform(), async (platform) => {
      await registerAccount(platform.url, 'alice');
      const accepted: string[] = [];
      for (const [name, what] of LOOKALIKES) {
        const answer = await http(platform.url, '/auth/register', {
          method: 'POST',
          body: { username: name, password: 'look-alike-password' },
          from: '127.0.0.9',
        });
        if (answer.status === 201) accepted.push(what);
      }
      return [
        equals(
          'look-alikes of "alice" registered',
          accepted.length,
          0,
          `of ${LOOKALIKES.length}`,
          accepted.join(', '),
        ),
      ];
    }),
};
