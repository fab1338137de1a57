// Finding 2: anyone can lock any account. A stranger sends wrong passwords for a named user from one
// address; then the user logs in with the right password from another address.
import { basic, http } from '../support/http.ts';
import { registerAccount, sharedPlatform, withPlatform } from '../support/platform.ts';
import { equals, info, type Scenario } from '../support/scenario.ts';

const STRANGER_GUESSES = 6;

export const lockoutAbuse: Scenario = {
  finding: 2,
  name: 'a stranger locks a named user',
  run: () =>
    withPlatform(sharedPlatform(), async (platform) => {
      const victim = await registerAccount(platform.url, 'locked-victim', 'victims-password');
      const strangerStatuses: number[] = [];
      for (let i = 0; i < STRANGER_GUESSES; i++) {
        const answer = await http(platform.url, '/auth/token', {
          authorization: basic('locked-victim', `stranger-guess-${i}`),
          from: '127.0.0.5',
        });
        strangerStatuses.push(answer.status);
      }
      const own = await http(platform.url, '/auth/token', {
        authorization: basic('locked-victim', victim.password),
        from: '127.0.0.6',
      });
      const tokenRead = await http(platform.url, '/friends/', {
        authorization: victim.auth,
        from: '127.0.0.6',
      });
      return [
        equals('victim logs in from its own address (200 = yes)', own.status, 200, 'status'),
        equals('victim reads with its token (200 = yes)', tokenRead.status, 200, 'status'),
        info('stranger guesses', STRANGER_GUESSES, 'requests', strangerStatuses.join(' ')),
      ];
    }),
};
