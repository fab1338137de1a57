// Finding 8: one account creates lobbies as fast as it can (bounded at 300); then another account tries once.
import { http } from '../support/http.ts';
import { registerAccount, sharedPlatform, withPlatform } from '../support/platform.ts';
import { atMost, equals, type Scenario } from '../support/scenario.ts';

const ATTEMPTS = 300;

export const lobbySpree: Scenario = {
  finding: 8,
  name: 'lobby creation spree',
  run: () =>
    withPlatform(sharedPlatform(), async (platform) => {
      const hoarder = await registerAccount(platform.url, 'hoarder');
      const other = await registerAccount(platform.url, 'spree-other');
      let created = 0;
      let firstRefusal = '';
      for (let i = 0; i < ATTEMPTS; i++) {
        const answer = await http(platform.url, '/lobby/create', {
          method: 'POST',
          authorization: hoarder.auth,
          body: { 'game-name': 'Echo' },
        });
        if (answer.status === 201) created++;
        else if (firstRefusal === '') firstRefusal = `${answer.status} after ${created}`;
      }
      const theirs = await http(platform.url, '/lobby/create', {
        method: 'POST',
        authorization: other.auth,
        body: { 'game-name': 'Echo' },
        from: '127.0.0.23',
      });
      return [
        atMost(`lobbies one account creates (${ATTEMPTS} tries)`, created, 20, 'lobbies', firstRefusal),
        equals('another account then creates one', theirs.status, 201, 'status'),
      ];
    }),
};
