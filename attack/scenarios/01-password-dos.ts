// Finding 1: password checks starve the API. Token-authenticated GET /friends/ p50 idle, then while 16 requests
// carrying user:password are in flight from another source (Done-when: ratio < 2): real checks (fresh names,
// AUTH_RATE_LIMIT=0), and the seed's password on every route resent at once. A control run with 16 token-only
// requests in flight shows how much of any slowdown is plain request load on this machine.
// Reads are paced (one every READ_INTERVAL_MS) over a fixed window, idle and loaded alike, and the password-check
// counter is read at the window's two ends: the loaded p50 is then measured exactly while checks run. (Reads sent
// back to back used to finish 120 samples in ~0.3 s, so "checks/s" counted a fraction of one check and often
// showed 0.) No check in the window means the figure measured nothing: the ratio is then NaN, a FAIL.
import { performance } from 'node:perf_hooks';
import { median } from '../../bench/report.ts';
import { startChild } from '../support/child.ts';
import { basic, http } from '../support/http.ts';
import { registerAccount, startPlatformChild } from '../support/platform.ts';
import { atLeast, below, info, pause, type Scenario } from '../support/scenario.ts';

const ATTACKERS = 16;
const LOAD_SECONDS = 10;
/** Reads start this long after the load, so the pool's queue is full when sampling begins. */
const RAMP_MS = 1000;
/** The sampling window, idle and under load; it ends before the load does. */
const WINDOW_MS = 7000;
/** One token read every this many ms (~140 samples per window). */
const READ_INTERVAL_MS = 50;

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
      /** Paced reads for WINDOW_MS; the window's length in seconds and the samples. */
      const sampleReads = async () => {
        const started = performance.now();
        const samples: number[] = [];
        for (let next = started; performance.now() - started < WINDOW_MS; next += READ_INTERVAL_MS) {
          samples.push(await read());
          await pause(Math.max(0, next + READ_INTERVAL_MS - performance.now()));
        }
        return { samples, seconds: (performance.now() - started) / 1000 };
      };
      /** Paced reads during WINDOW_MS while `load` runs in the loader process, and the checks done meanwhile. */
      const readsDuring = async (requests: { path: string; authorization: string }[], freshNames = false) => {
        const loading = loader.ask<LoadResult>('load', {
          url: platform.url,
          requests,
          concurrency: ATTACKERS,
          from: '127.0.0.3',
          seconds: LOAD_SECONDS,
          freshNames,
        });
        await pause(RAMP_MS);
        const before = await platform.stats();
        const { samples, seconds } = await sampleReads();
        const after = await platform.stats();
        const checks = (after.passwordChecks - before.passwordChecks) / seconds;
        const busy = (after.accounts?.['busy'] ?? Number.NaN) - (before.accounts?.['busy'] ?? Number.NaN);
        const result = await loading;
        const statuses = Object.entries(result.statuses)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ');
        return {
          p50: median(samples),
          samples: samples.length,
          checks,
          // Window figures first: the table cuts long details.
          detail: `${after.passwordChecks - before.passwordChecks} checked, ${busy} pool 429 in ${seconds.toFixed(
            1,
          )} s; ${result.sent} sent: ${statuses}`,
        };
      };

      for (let i = 0; i < 20; i++) await read(); // warm-up
      const idleP50 = median((await sampleReads()).samples);
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
          // Only a window in which passwords were really checked answers the question.
          checking.checks > 0 ? checking.p50 / idleP50 : Number.NaN,
          2,
          '×',
          `p50 ${checking.p50.toFixed(1)} ms; ${checking.detail}`,
        ),
        atLeast(
          'password checks (scrypt) per second meanwhile',
          checking.checks,
          0.1, // at least one check in the window
          'checks/s',
          'fresh unknown names; the rest waited in the queue or were refused 429',
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
