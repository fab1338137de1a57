// Finding 11 (identity hygiene, headers): nosniff on every answer, no-store on token and key answers,
// and a CSP with frame-ancestors on every HTML page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerAndLogin, type TestApp } from './support/test-app.ts';

describe('finding 11: security headers on every answer', () => {
  let t: TestApp;
  let who: { auth: string; id: number };
  beforeAll(async () => {
    t = await buildTestApp('sqlite', 'attack_headers');
    who = await registerAndLogin(t.app, 'Header', 'header-password');
  });
  afterAll(async () => t.close());

  it('sends x-content-type-options: nosniff on JSON, errors and HTML', async () => {
    for (const [url, authorization] of [
      ['/friends/', who.auth],
      ['/friends/', undefined], // 401
      ['/no-such-path', undefined], // 404
      ['/docs/', undefined],
      ['/docs/json', undefined],
    ] as const) {
      const headers = authorization === undefined ? {} : { authorization };
      const answer = await t.app.inject({ method: 'GET', url, headers });
      expect({ url, nosniff: answer.headers['x-content-type-options'] }).toEqual({ url, nosniff: 'nosniff' });
    }
  });

  it('sends cache-control: no-store on token and key answers', async () => {
    const token = await t.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: `Basic ${Buffer.from('Header:header-password').toString('base64')}` },
    });
    expect(token.statusCode).toBe(200);
    expect(token.headers['cache-control']).toMatch(/no-store/);
    const key = await t.app.inject({ method: 'GET', url: '/auth/key', headers: { authorization: who.auth } });
    expect(key.statusCode).toBe(200);
    expect(key.headers['cache-control']).toMatch(/no-store/);
  });

  it("sends a CSP with frame-ancestors 'none' on the /docs HTML page", async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/html/);
    const csp = String(page.headers['content-security-policy'] ?? '');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
  });
});
