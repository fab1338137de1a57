// Finding 11: HTTP headers — nosniff everywhere, no-store on token and key answers, CSP with frame-ancestors on HTML.
import { basic, type HttpAnswer, http } from '../support/http.ts';
import { registerAccount, sharedPlatform, withPlatform } from '../support/platform.ts';
import { equals, type Scenario } from '../support/scenario.ts';

function header(answer: HttpAnswer, name: string): string {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

export const securityHeaders: Scenario = {
  finding: 11,
  name: 'security headers',
  run: () =>
    withPlatform(sharedPlatform(), async (platform) => {
      const account = await registerAccount(platform.url, 'headers');
      const token = await http(platform.url, '/auth/token', {
        authorization: basic('headers', account.password),
        from: '127.0.0.10',
      });
      const key = await http(platform.url, '/auth/key', { authorization: account.auth });
      const docs = await http(platform.url, '/docs/');
      const docsPage =
        docs.status >= 300 && docs.status < 400 ? await http(platform.url, header(docs, 'location')) : docs;
      const missing: string[] = [];
      const expect = (what: string, ok: boolean) => {
        if (!ok) missing.push(what);
      };
      for (const [name, answer] of [
        ['token', token],
        ['key', key],
        ['docs', docsPage],
      ] as const) {
        expect(`${name} nosniff`, header(answer, 'x-content-type-options') === 'nosniff');
      }
      expect('token no-store', header(token, 'cache-control').includes('no-store'));
      expect('key no-store', header(key, 'cache-control').includes('no-store'));
      const csp = header(docsPage, 'content-security-policy');
      expect('docs CSP', csp !== '');
      expect('docs frame-ancestors', csp.includes('frame-ancestors'));
      return [equals('missing security headers', missing.length, 0, 'of 7', missing.join(', '))];
    }),
};
