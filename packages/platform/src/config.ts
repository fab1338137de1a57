// Platform configuration: environment variables (the seed's names where it had them) plus overrides.
import { randomBytes } from 'node:crypto';
import { accountKeyScryptProblem, DEFAULT_ACCOUNT_KEY_SCRYPT } from './auth/account-keys.ts';
import { defaultPasswordConcurrency } from './auth/password-pool.ts';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './auth/passwords.ts';
import { ConfigErrors } from './errors.ts';
import { type PortRange, parsePortRange } from './lobbies/port-range.ts';

/** Everything the platform needs to start. Times are in seconds unless the name says otherwise. */
export interface PlatformConfig {
  /** `production` refuses to start without SECRET_KEY. */
  mode: 'production' | 'development';
  /** S_HOST: address the HTTP API and the lobby UDP servers bind to. */
  host: string;
  /** PUBLIC_HOST: host written into lobby addresses when S_HOST is a wildcard (0.0.0.0 / ::). */
  publicHost: string | undefined;
  /** TCP_PORT: HTTP API port (the seed's clients call :5000). */
  httpPort: number;
  /** DATABASE_URL: `postgres://…` for PostgreSQL, else a SQLite file path (or `sqlite:<path>`, `:memory:`). */
  databaseUrl: string;
  /** DATABASE_SCHEMA: PostgreSQL schema to use instead of `public` (created if missing); ignored for SQLite. */
  databaseSchema: string | undefined;
  /** SECRET_KEY: HS256 key for tokens. */
  secretKey: string;
  /** True when no SECRET_KEY was given and a random one was made for this run. */
  secretKeyGenerated: boolean;
  /** TOKEN_EXPIRY: token lifetime (the seed's 600 s). */
  tokenExpiry: number;
  /** LOCKOUT_ATTEMPTS: failed logins in a row from one address that lock the account for that address. */
  lockoutAttempts: number;
  /** LOCKOUT_TIME: how long a locked (account, address) pair stays locked. */
  lockoutTime: number;
  /** ACCOUNT_LOCKOUT_ATTEMPTS: failed logins to one account from all addresses before its backoff starts. */
  accountLockoutAttempts: number;
  /** ACCOUNT_BACKOFF_TIME: first account-wide backoff; it doubles with each further failure. */
  accountBackoffTime: number;
  /** ACCOUNT_BACKOFF_MAX_TIME: longest account-wide backoff. */
  accountBackoffMaxTime: number;
  /** TRUSTED_SOURCE_TIME: an address that logged in to an account this recently is spared its backoff. */
  trustedSourceTime: number;
  /** PASSWORD_HASH_CONCURRENCY: password jobs at once; default 2, or 1 on a 2-core machine (keeps a core and libuv threads free). */
  passwordHashConcurrency: number;
  /** PASSWORD_HASH_QUEUE: password jobs waiting beyond which /auth/token and /auth/register answer 429. */
  passwordHashQueue: number;
  /** PASSWORD_HASH_QUEUE_TIMEOUT: ms a password job may wait for a slot; then 429, never started. 0 = no deadline. */
  passwordHashQueueTimeout: number;
  /** PASSWORD_HASH_NICE: 1 (default) runs password work on worker threads at the lowest OS priority; 0 on libuv's pool. */
  passwordHashNice: boolean;
  /** AUTH_RATE_LIMIT: requests per minute per client address on /auth/register and /auth/token; 0 = off. */
  authRateLimit: number;
  /** BODY_LIMIT: largest accepted request body in bytes. */
  bodyLimit: number;
  /** MIN_PASSWORD_LENGTH: shortest password /auth/register accepts. */
  minPasswordLength: number;
  /** scrypt cost for new password hashes (code only; tests lower it to run faster). */
  scrypt: ScryptParams;
  /**
   * scrypt cost that encrypts account private keys (PKCS#8 PBES2), code only; N=2^14, r=8, p=5 by default.
   * Must stay within OpenSSL's 32 MiB (128·r·(N+2) + 128·r·p) so OpenSSL-based clients can decrypt.
   */
  accountKeyScrypt: ScryptParams;
  /** PRUNE_TIME: a lobby empty this long is stopped and removed. */
  pruneTime: number;
  /** HEARTBEAT_MIN_TIME / HEARTBEAT_MAX_TIME: passed to each lobby's transport server. */
  heartbeatMinTime: number;
  heartbeatMaxTime: number;
  /** MAX_CLIENTS: cap on clients per lobby server (a game's maxPlayers applies first); undefined = no cap. */
  maxClients: number | undefined;
  /** MAX_LOBBIES: most lobbies running at once on this platform (each is a UDP socket). */
  maxLobbies: number;
  /** LOBBIES_PER_ACCOUNT: most lobbies one account may have open at once. */
  lobbiesPerAccount: number;
  /** LOBBY_CREATIONS_PER_MINUTE: most lobbies one account may create per minute. */
  lobbyCreationsPerMinute: number;
  /** SEATS_PER_ACCOUNT: most seats (connections) one account may hold in one lobby. */
  seatsPerAccount: number;
  /** LOBBY_PORTS (`40000-40999`): UDP ports lobby servers bind, e.g. for a firewall; undefined = any free port. */
  lobbyPorts: PortRange | undefined;
  /** REALTIME_UDP: 1 (default) opens the realtime UDP socket on the HTTP port's number; 0 leaves WebSocket only. */
  realtimeUdp: boolean;
  /** ORG_NAME / COMMON_NAME: subject of the platform's server certificate (the seed's udp.auth names). */
  orgName: string;
  commonName: string;
  /** LOG_LEVEL: pino level. */
  logLevel: string;
}

/** Values that override the environment, e.g. from command-line flags. */
export type PlatformConfigOverrides = Partial<Omit<PlatformConfig, 'secretKeyGenerated'>>;

/** The seed's published example key; never acceptable in production. */
const SEED_EXAMPLE_SECRET = 'MyVerySecretKey';
const MIN_PRODUCTION_SECRET_LENGTH = 16;

/**
 * Builds the configuration from environment variables, then applies overrides.
 * Throws a ConfigError (`PC_CONFIG_*`, a plain sentence) on a bad value, or in production without a usable SECRET_KEY.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: PlatformConfigOverrides = {},
): PlatformConfig {
  const mode = overrides.mode ?? (env['NODE_ENV'] === 'production' ? 'production' : 'development');
  const givenSecret = overrides.secretKey ?? nonEmpty(env['SECRET_KEY']);
  if (mode === 'production') {
    if (givenSecret === undefined) {
      throw new ConfigErrors.SECRET_KEY_MISSING();
    }
    if (givenSecret === SEED_EXAMPLE_SECRET || givenSecret.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new ConfigErrors.SECRET_KEY_WEAK({ minLength: MIN_PRODUCTION_SECRET_LENGTH });
    }
  }
  const config: PlatformConfig = {
    mode,
    host: env['S_HOST'] ?? '127.0.0.1',
    publicHost: nonEmpty(env['PUBLIC_HOST']),
    httpPort: intVar(env, 'TCP_PORT', 5000, 0, 65535),
    databaseUrl: nonEmpty(env['DATABASE_URL']) ?? './data/paperclip.db',
    databaseSchema: nonEmpty(env['DATABASE_SCHEMA']),
    secretKey: givenSecret ?? randomBytes(32).toString('hex'),
    secretKeyGenerated: givenSecret === undefined,
    tokenExpiry: intVar(env, 'TOKEN_EXPIRY', 600, 1, 30 * 24 * 3600),
    lockoutAttempts: intVar(env, 'LOCKOUT_ATTEMPTS', 3, 1, 1000),
    lockoutTime: intVar(env, 'LOCKOUT_TIME', 60, 0, 7 * 24 * 3600),
    accountLockoutAttempts: intVar(env, 'ACCOUNT_LOCKOUT_ATTEMPTS', 20, 1, 1_000_000),
    accountBackoffTime: intVar(env, 'ACCOUNT_BACKOFF_TIME', 1, 0, 24 * 3600),
    accountBackoffMaxTime: intVar(env, 'ACCOUNT_BACKOFF_MAX_TIME', 300, 0, 7 * 24 * 3600),
    trustedSourceTime: intVar(env, 'TRUSTED_SOURCE_TIME', 30 * 24 * 3600, 0, 365 * 24 * 3600),
    passwordHashConcurrency: intVar(env, 'PASSWORD_HASH_CONCURRENCY', defaultPasswordConcurrency(), 1, 64),
    passwordHashQueue: intVar(env, 'PASSWORD_HASH_QUEUE', 16, 0, 10_000),
    passwordHashQueueTimeout: intVar(env, 'PASSWORD_HASH_QUEUE_TIMEOUT', 5000, 0, 600_000),
    passwordHashNice: intVar(env, 'PASSWORD_HASH_NICE', 1, 0, 1) === 1,
    authRateLimit: intVar(env, 'AUTH_RATE_LIMIT', 60, 0, 1_000_000),
    bodyLimit: intVar(env, 'BODY_LIMIT', 16 * 1024, 256, 10 * 1024 * 1024),
    minPasswordLength: intVar(env, 'MIN_PASSWORD_LENGTH', 8, 1, 1024),
    scrypt: DEFAULT_SCRYPT_PARAMS,
    accountKeyScrypt: DEFAULT_ACCOUNT_KEY_SCRYPT,
    pruneTime: intVar(env, 'PRUNE_TIME', 60, 0, 7 * 24 * 3600),
    heartbeatMinTime: intVar(env, 'HEARTBEAT_MIN_TIME', 30, 0, 24 * 3600),
    heartbeatMaxTime: intVar(env, 'HEARTBEAT_MAX_TIME', 120, 1, 24 * 3600),
    maxClients:
      nonEmpty(env['MAX_CLIENTS']) === undefined ? undefined : intVar(env, 'MAX_CLIENTS', 0, 1, 65535),
    maxLobbies: intVar(env, 'MAX_LOBBIES', 1000, 1, 60_000),
    lobbiesPerAccount: intVar(env, 'LOBBIES_PER_ACCOUNT', 3, 1, 60_000),
    lobbyCreationsPerMinute: intVar(env, 'LOBBY_CREATIONS_PER_MINUTE', 10, 1, 1_000_000),
    seatsPerAccount: intVar(env, 'SEATS_PER_ACCOUNT', 1, 1, 65535),
    lobbyPorts:
      nonEmpty(env['LOBBY_PORTS']) === undefined
        ? undefined
        : parsePortRange(env['LOBBY_PORTS'] ?? '', 'LOBBY_PORTS'),
    realtimeUdp: intVar(env, 'REALTIME_UDP', 1, 0, 1) === 1,
    orgName: env['ORG_NAME'] ?? 'Paperclip',
    commonName: env['COMMON_NAME'] ?? '127.0.0.1',
    logLevel: logLevelVar(env),
  };
  const merged: PlatformConfig = { ...config, ...withoutUndefined(overrides) };
  merged.secretKeyGenerated = overrides.secretKey === undefined && config.secretKeyGenerated;
  const keyCostProblem = accountKeyScryptProblem(merged.accountKeyScrypt);
  if (keyCostProblem !== undefined) throw new ConfigErrors.ACCOUNT_KEY_COST({ problem: keyCostProblem });
  if (merged.heartbeatMinTime > merged.heartbeatMaxTime) {
    throw new ConfigErrors.HEARTBEAT_RANGE();
  }
  return merged;
}

/** pino's levels, least to most verbose, plus `silent`. */
const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** LOG_LEVEL, `info` when unset or empty; a typo is a sentence here, not pino's error at the first log line. */
function logLevelVar(env: Readonly<Record<string, string | undefined>>): string {
  const raw = nonEmpty(env['LOG_LEVEL']);
  if (raw === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigErrors.LOG_LEVEL({ levels: LOG_LEVELS.join(', '), raw });
  }
  return raw;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function intVar(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigErrors.NUMBER_RANGE({ name, min, max, raw });
  }
  return Number(raw);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
