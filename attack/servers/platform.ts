// The platform as an attack target, in its own process: startPlatform() with its defaults (a temporary SQLite
// file, the environment's overrides), answering `stats` over IPC. Run by attack/support/platform.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startPlatform } from '@paperclip/platform';
import { rssAfterGc, serveParent } from '../support/child.ts';

const work = mkdtempSync(join(tmpdir(), 'paperclip-attack-'));
const platform = await startPlatform(
  loadConfig({
    TCP_PORT: '0',
    S_HOST: '127.0.0.1',
    DATABASE_URL: join(work, 'platform.db'),
    SECRET_KEY: 'attack-suite-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
    ...process.env,
  }),
  { handleSignals: false },
);
const services = platform.app.platform;

// Certificate validations the lobbies ask for (finding 9): counted by wrapping the service's method.
let validations = 0;
const validate = services.certificates.validate.bind(services.certificates);
services.certificates.validate = (text: string) => {
  validations++;
  return validate(text);
};

/** The auth helper's counters (password checks, refusals, pool gauges), if they exist. */
function accountStats(): Record<string, number> {
  const accounts = services.accounts as unknown as { stats?: () => Record<string, number> };
  return typeof accounts.stats === 'function' ? accounts.stats() : {};
}

/** Password checks (scrypt verifications, dummies included); NaN when there is no such counter. */
function passwordChecks(): number {
  const checks = accountStats()['passwordChecks'];
  return typeof checks === 'number' ? checks : Number.NaN;
}

serveParent(
  { url: platform.url },
  {
    stats: () => ({
      passwordChecks: passwordChecks(),
      accounts: accountStats(),
      validations,
      lobbies: services.lobbies.all().length,
      rss: process.memoryUsage().rss,
    }),
    rss: () => rssAfterGc(),
  },
  async () => {
    await platform.close();
    rmSync(work, { recursive: true, force: true });
  },
);
