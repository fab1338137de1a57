// Finding 1: password checks starve the API. Token-authenticated GET /friends/ p50 idle, then while 16
// requests carrying user:password run in a loop from another source (the Done-when figure: ratio < 2).
import { median } from '../../bench/report.ts';
import { basic, http } from '../support/http.ts';
import { registerAccount, startPlatformChild } from '../support/platform.ts';
import { below, info, pause, type Scenario } from '../support/scenario.ts';

const SAMPLES = 150;
const ATTACKERS = 16;

export const passwordDos: Scenario = {
  finding: 1,
  name: 'token reads under 16 password checks',
  async run() {
    const platform = await startPlatformChild();
    try {
      const reader = await registerAccount(platform.url, 'reader');
      const loader = await registerAccount(platform.url, 'loader', 'loader-password', '127.0.0.251');
      const read = async () => {
        const answer = await http(platform.url, '/friends/', {
          authorization: reader.auth,
          from: '127.0.0.2',
        });
        if (answer.status !== 200) throw new Error(`GET /friends/ answered ${answer.status}`);
        return answer.ms;
      };
      for (let i = 0; i < 20; i++) await read(); // warm-up
      const idle: number[] = [];
      for (let i = 0; i < SAMPLES; i++) idle.push(await read());

      // 16 loops from one source, each always one password request in flight: an authenticated read
      // with user:password (the seed accepts it on every route) and /auth/token.
      let running = true;
      let sent = 0;
      const statuses = new Map<number, number>();
      const before = await platform.stats();
      const attacker = async (index: number) => {
        while (running) {
          const path = index % 2 === 0 ? '/friends/' : '/auth/token';
          const answer = await http(platform.url, path, {
            authorization: basic('loader', loader.password),
            from: '127.0.0.3',
          });
          sent++;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          // A 429 with Retry-After is the fix working: a real attacker would just resend.
          if (answer.status === 429 || answer.status === 0) await pause(5);
        }
      };
      const loops = Array.from({ length: ATTACKERS }, (_, i) => attacker(i));
      await pause(1000);
      const started = performance.now();
      const loaded: number[] = [];
      for (let i = 0; i < SAMPLES && performance.now() - started < 30_000; i++) loaded.push(await read());
      const seconds = (performance.now() - started) / 1000;
      running = false;
      await Promise.all(loops);
      const after = await platform.stats();
      const idleP50 = median(idle);
      const loadedP50 = median(loaded);
      const checks = after.passwordChecks - before.passwordChecks;
      const answered = [...statuses].map(([status, count]) => `${status}×${count}`).join(' ');
      return [
        info('GET /friends/ p50 idle', idleP50, 'ms'),
        info('GET /friends/ p50 under 16 password requests', loadedP50, 'ms', `${loaded.length} reads`),
        below('ratio loaded / idle p50', loadedP50 / idleP50, 2, '×'),
        info('password requests sent', sent, 'requests', answered),
        info('password checks per second during the load', checks / seconds, '/s', 'NaN = no counter'),
      ];
    } finally {
      await platform.close();
    }
  },
};
