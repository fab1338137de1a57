// Finding 1: password checks starve the API. Token-authenticated GET /friends/ p50 idle, then while 16 requests
// carrying user:password are in flight from another source (Done-when: ratio < 2): real checks (fresh names,
// AUTH_RATE_LIMIT=0), and the seed's password on every route resent at once. A control run with 16 token-only
// requests in flight shows how much of any slowdown is plain request load on this machine.
import { performance } from 'node:perf_hooks';
import { median } from '../../bench/report.ts';
import { startChild } from '../support/child.ts';
import { basic, http } from '../support/http.ts';
import { registerAccount, startPlatformChild } from '../support/platform.ts';
import { below, info, pause, type Scenario } from '../support/scenario.ts';

const SAMPLES = 120;
const ATTACKERS = 16;
const LOAD_SECONDS = 10;

type LoadResult = { sent: number; statuses: Record<number, number> };

export const passwordDos: Scenario = {
  finding: 1,
  name: 'token reads under 16 password checks',
  async run() {
    // AUTH_RATE_LIMIT=0: the hashing pool itself must keep token reads fast, not the per-address limit.
    const platform = await startPlatformChild({ AUTH_RATE_LIMIT: '0' });
    const loader = await startChild<Record<string, never>>('servers/http-loader.ts');
    try {
      const reader = await registerAccount(platform.url, 'reader');
      const loaderAccount = await registerAccount(platform.url, 'loader', 'loader-password', '127.0.0.251');
      const read = async () => {
        const answer = await http(platform.url, '/friends/', {
          authorization: reader.auth,
          from: '127.0.0.2',
        });
        if (answer.status !== 200) throw new Error(`GET /friends/ answered ${answer.status}`);
        return answer.ms;
      };
      /** Reads for up to `seconds` (at most SAMPLES) while `load` runs in the loader process. */
      const readsDuring = async (requests: { path: string; authorization: string }[], freshNames = false) => {
        const loading = loader.ask<LoadResult>('load', {
          url: platform.url,
          requests,
          concurrency: ATTACKERS,
          from: '127.0.0.3',
          seconds: LOAD_SECONDS,
          freshNames,
        });
        await pause(1000);
        const before = await platform.stats();
        const started = performance.now();
        const samples: number[] = [];
        while (samples.length < SAMPLES && performance.now() - started < (LOAD_SECONDS - 2) * 1000) {
          samples.push(await read());
        }
        const checks =
          ((await platform.stats()).passwordChecks - before.passwordChecks) /
          ((performance.now() - started) / 1000);
        const result = await loading;
        const statuses = Object.entries(result.statuses)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ');
        return {
          p50: median(samples),
          samples: samples.length,
          checks,
          detail: `${result.sent} sent: ${statuses}`,
        };
      };

      for (let i = 0; i < 20; i++) await read(); // warm-up
      const idle: number[] = [];
      for (let i = 0; i < SAMPLES; i++) idle.push(await read());
      const idleP50 = median(idle);
      // The seed accepted user:password on every route; the attacker sends it to a read route and to /auth/token.
      const password = basic('loader', loaderAccount.password);
      const passwordRequests = [
        { path: '/friends/', authorization: password },
        { path: '/auth/token', authorization: password },
      ];
      // Real checks: /auth/token with a never-seen name each time (no lockout applies), on a platform started with
      // AUTH_RATE_LIMIT=0 so the per-address limit does not hide the hashing pool. 16 always in flight.
      const checking = await readsDuring([{ path: '/auth/token', authorization: '' }], true);
      // As an attacker would: the seed's password on a read route and on /auth/token, refusals resent at once.
      const attacked = await readsDuring(passwordRequests);
      const control = await readsDuring([{ path: '/friends/', authorization: loaderAccount.auth }]);
      return [
        info('GET /friends/ p50 idle', idleP50, 'ms'),
        below(
          'ratio under 16 password logins in flight / idle',
          checking.p50 / idleP50,
          2,
          '×',
          `p50 ${checking.p50.toFixed(1)} ms; ${checking.detail}`,
        ),
        info(
          'of which checked (scrypt) per second',
          checking.checks,
          'checks/s',
          'fresh unknown names; the rest waited or were refused',
        ),
        info(
          'ratio under 16 password requests resent at once / idle',
          attacked.p50 / idleP50,
          '×',
          `p50 ${attacked.p50.toFixed(1)} ms; ${attacked.detail}`,
        ),
        info('control: ratio under 16 token-only requests', control.p50 / idleP50, '×', control.detail),
        info(
          'p50 under password requests / under token-only',
          attacked.p50 / control.p50,
          '×',
          'what passwords add',
        ),
      ];
    } finally {
      await loader.close();
      await platform.close();
    }
  },
};
