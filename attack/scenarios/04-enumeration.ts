// Finding 4: account enumeration. The same wrong-password sequence for a known and an unknown name, each
// from its own address: statuses and bodies must not tell them apart.
import { basic, type HttpAnswer, http } from '../support/http.ts';
import { registerAccount, sharedPlatform, withPlatform } from '../support/platform.ts';
import { equals, info, type Scenario } from '../support/scenario.ts';

const ROUNDS = 5;

async function guesses(url: string, username: string, from: string): Promise<HttpAnswer[]> {
  const answers: HttpAnswer[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    answers.push(await http(url, '/auth/token', { authorization: basic(username, `wrong-${i}`), from }));
  }
  return answers;
}

/** What a client sees of an answer: status, Retry-After and the body, with the name itself taken out. */
function visible(answer: HttpAnswer, username: string): string {
  return `${answer.status} ${answer.headers['retry-after'] ?? '-'} ${answer.text.split(username).join('<name>')}`;
}

export const enumeration: Scenario = {
  finding: 4,
  name: 'known vs unknown names',
  run: () =>
    withPlatform(sharedPlatform(), async (platform) => {
      await registerAccount(platform.url, 'known-user');
      const known = await guesses(platform.url, 'known-user', '127.0.0.7');
      const unknown = await guesses(platform.url, 'unknown-user', '127.0.0.8');
      let differing = 0;
      const first: string[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const [a, b] = [visible(known[i]!, 'known-user'), visible(unknown[i]!, 'unknown-user')];
        if (a !== b) {
          differing++;
          if (first.length === 0) first.push(`known: ${a.slice(0, 90)} | unknown: ${b.slice(0, 90)}`);
        }
      }
      return [
        equals('answers that differ (known vs unknown)', differing, 0, `of ${ROUNDS}`, first[0]),
        info(
          'statuses known / unknown',
          ROUNDS,
          'requests',
          `${known.map((a) => a.status).join(',')} / ${unknown.map((a) => a.status).join(',')}`,
        ),
      ];
    }),
};
