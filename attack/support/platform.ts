// The platform child process and the account chores every HTTP scenario needs.
import { startChild } from './child.ts';
import { basic, field, http, tokenAuth } from './http.ts';

/** What attack/servers/platform.ts reports. */
interface PlatformStats {
  /** Password checks (scrypt verifications) so far; NaN when the platform has no such counter. */
  passwordChecks: number;
  /** AccountService.stats() as a whole (pool gauges, refusals), empty when it has none. */
  accounts?: Record<string, number>;
  /** Certificate validations the lobbies asked the platform for. */
  validations: number;
  lobbies: number;
  rss: number;
}

/** A running platform process. */
export interface PlatformUnderAttack {
  url: string;
  stats(): Promise<PlatformStats>;
  close(): Promise<void>;
}

/** Starts the platform with its default limits (plus `env` overrides) in its own process. */
export async function startPlatformChild(env: Record<string, string> = {}): Promise<PlatformUnderAttack> {
  const child = await startChild<{ url: string }>('servers/platform.ts', [], env);
  return {
    url: child.ready.url,
    // IPC carries JSON: a NaN (no counter) arrives as null and must not become 0 in arithmetic.
    stats: async () => {
      const stats = await child.ask<PlatformStats>('stats');
      return { ...stats, passwordChecks: stats.passwordChecks ?? Number.NaN };
    },
    close: () => child.close(),
  };
}

let shared: Promise<PlatformUnderAttack> | undefined;

/**
 * One platform (default limits) for the scenarios that need nothing special: each uses its own names and
 * source addresses, and starting a platform per scenario would cost more than the attacks. Its close() does
 * nothing; the runner ends it with closeSharedPlatform().
 */
export async function sharedPlatform(): Promise<PlatformUnderAttack> {
  shared ??= startPlatformChild();
  const platform = await shared;
  return { ...platform, close: async () => {} };
}

/** Ends the shared platform, if one was started. */
export async function closeSharedPlatform(): Promise<void> {
  const platform = await shared?.catch(() => undefined);
  shared = undefined;
  await platform?.close();
}

/**
 * Runs a scenario's `body` against the platform `start` gives and closes it afterwards, also when `body` throws
 * (the shared platform's close does nothing, so a scenario can move to a platform of its own unchanged).
 */
export async function withPlatform<T>(
  start: Promise<PlatformUnderAttack>,
  body: (platform: PlatformUnderAttack) => Promise<T>,
): Promise<T> {
  const platform = await start;
  try {
    return await body(platform);
  } finally {
    await platform.close();
  }
}

/** A registered account and its token. */
export interface Account {
  id: number;
  username: string;
  password: string;
  token: string;
  /** `Basic token:` for the seed's token form. */
  auth: string;
}

/** Registers `username` and fetches a token, from `from` (spread set-up over sources: /auth/* is rate-limited). */
export async function registerAccount(
  url: string,
  username: string,
  password = 'correct-horse-battery',
  from = '127.0.0.250',
): Promise<Account> {
  const registered = await http(url, '/auth/register', {
    method: 'POST',
    body: { username, password },
    from,
  });
  if (registered.status !== 201) {
    throw new Error(`registering ${username} answered ${registered.status}: ${registered.text}`);
  }
  const token = await http(url, '/auth/token', { authorization: basic(username, password), from });
  const text = field(token, 'token');
  if (typeof text !== 'string') throw new Error(`no token for ${username}: ${token.status} ${token.text}`);
  return {
    id: field(registered, 'account-id') as number,
    username,
    password,
    token: text,
    auth: tokenAuth(text),
  };
}
