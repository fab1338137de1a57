// Finding 1: password checks starve the API. Token-authenticated GET /friends/ p50 idle, then while 16 requests
// carrying user:password are always in flight from another source (Done-when: ratio < 2). A control run with 16
// token-only requests in flight shows how much of any slowdown is plain request load on this machine.
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
    const platform = await startPlatformChild();
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
      const readsDuring = async (requests: { path: string; authorization: string }[]) => {
        const loading = loader.ask<LoadResult>('load', {
          url: platform.url,
          requests,
          concurrency: ATTACKERS,
          from: '127.0.0.3',
          seconds: LOAD_SECONDS,
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
      const attacked = await readsDuring([
        { path: '/friends/', authorization: password },
        { path: '/auth/token', authorization: password },
      ]);
      const control = await readsDuring([{ path: '/friends/', authorization: loaderAccount.auth }]);
      return [
        info('GET /friends/ p50 idle', idleP50, 'ms'),
        info('GET /friends/ p50 under 16 password requests', attacked.p50, 'ms', `${attacked.samples} reads`),
        below('ratio under password requests / idle', attacked.p50 / idleP50, 2, '×'),
        info('password requests (16 in flight)', attacked.checks, 'checks/s', attacked.detail),
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
