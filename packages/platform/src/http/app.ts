// buildApp(): the platform's HTTP API as a Fastify instance (no listen), with its storage and lobbies.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { formatHostPort, loopbackFor } from '@paperclip/protocol';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AccountService } from '../auth/account-service.ts';
import { CertificateService } from '../auth/certificate-service.ts';
import { PasswordPool } from '../auth/password-pool.ts';
import { createServerIdentity, type ServerIdentity } from '../auth/server-identity.ts';
import { TokenService } from '../auth/tokens.ts';
import type { PlatformConfig } from '../config.ts';
import { PlatformError } from '../errors.ts';
import { createDefaultRegistry } from '../lobbies/default-games.ts';
import type { GameRegistry } from '../lobbies/game-plugin.ts';
import { LobbyManager } from '../lobbies/lobby-manager.ts';
import { type Scheduler, systemScheduler } from '../lobbies/scheduler.ts';
import { DebugRequestLogController } from '../logging-requests.ts';
import { AccountsStore } from '../storage/accounts-store.ts';
import { createDatabase, type PlatformDatabase } from '../storage/database.ts';
import { GamesStore } from '../storage/games-store.ts';
import { SocialStore } from '../storage/social-store.ts';
import { installErrorHandlers } from './error-handler.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { friendsRoutes } from './routes/friends-routes.ts';
import { lobbyRoutes } from './routes/lobby-routes.ts';
import { scoresRoutes } from './routes/scores-routes.ts';
import { installSecurityHeaders } from './security-headers.ts';
import type { PlatformServices } from './services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The services behind the API. */
    platform: PlatformServices;
  }
}

/** Optional collaborators (tests inject fakes; the defaults are the real ones). */
export interface BuildAppOptions {
  /** An already open database; closed with the app unless `keepDatabaseOpen`. Default: open config.databaseUrl. */
  database?: PlatformDatabase;
  keepDatabaseOpen?: boolean;
  /** The games to host. Default: createDefaultRegistry(). */
  registry?: GameRegistry;
  /** Clock and timer for lockout, tokens, certificates and lobby pruning. */
  scheduler?: Scheduler;
  /** The platform's server key and certificate. Default: a fresh one. */
  identity?: ServerIdentity;
  /** Fastify/pino logger option. Default: off. */
  logger?: FastifyServerOptions['loggerInstance'] | boolean;
  /** URL lobby servers call to validate certificates. Default: http://<host>:<httpPort>/auth/certificate/validate. */
  certificateValidationUrl?: () => string;
}

/** Builds the platform app: opens and migrates the database, registers the games, mounts every route. */
export async function buildApp(
  config: PlatformConfig,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const scheduler = options.scheduler ?? systemScheduler;
  const now = () => scheduler.now();
  const database =
    options.database ??
    (await createDatabase(
      config.databaseUrl,
      config.databaseSchema === undefined ? {} : { schema: config.databaseSchema },
    ));
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    ...loggerOptions(options.logger, config),
    logController: new DebugRequestLogController(),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    exposeHeadRoutes: false,
  });
  // The seed sends JSON bodies with GET; parse them (RFC 9110 leaves GET bodies undefined, not forbidden).
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  // JSON only: anything else is a 415, not a string body the routes would have to reject.
  app.removeContentTypeParser('text/plain');
  // An empty JSON body (some clients send the header on every GET) means "no fields", not a 400.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  try {
    const identity =
      options.identity ?? (await createServerIdentity(config.orgName, config.commonName, new Date(now())));
    const registry = options.registry ?? createDefaultRegistry();
    const accountsStore = new AccountsStore(database.db);
    const games = new GamesStore(database.db);
    for (const game of registry.all()) {
      await games.upsertGame({
        id: game.id,
        name: game.name,
        minPlayers: game.minPlayers,
        maxPlayers: game.maxPlayers,
      });
    }
    await games.closeStaleLobbies(now());
    const tokens = new TokenService(config.secretKey, config.tokenExpiry, now);
    const passwordPool = new PasswordPool({
      concurrency: config.passwordHashConcurrency,
      queue: config.passwordHashQueue,
      queueTimeoutMs: config.passwordHashQueueTimeout,
      workers: config.passwordHashNice,
    });
    const accounts = new AccountService(
      accountsStore,
      tokens,
      {
        attempts: config.lockoutAttempts,
        seconds: config.lockoutTime,
        accountAttempts: config.accountLockoutAttempts,
        accountBackoffSeconds: config.accountBackoffTime,
        accountBackoffMaxSeconds: config.accountBackoffMaxTime,
        trustedSourceSeconds: config.trustedSourceTime,
      },
      now,
      config.scrypt,
      config.accountKeyScrypt,
      {
        pool: passwordPool,
        // The audit line per lock: names and addresses only, never a password or token.
        audit: (details, message) => app.log.warn(details, message),
      },
    );
    const lobbies = new LobbyManager({
      registry,
      records: games,
      scheduler,
      identity,
      host: config.host,
      ...(config.publicHost === undefined ? {} : { advertisedHost: config.publicHost }),
      certificateValidationUrl:
        options.certificateValidationUrl ??
        (() =>
          `http://${formatHostPort(loopbackFor(config.host), config.httpPort)}/auth/certificate/validate`),
      pruneTime: config.pruneTime,
      heartbeatMinTime: config.heartbeatMinTime,
      heartbeatMaxTime: config.heartbeatMaxTime,
      maxClients: config.maxClients,
      maxLobbies: config.maxLobbies,
      maxLobbiesPerAccount: config.lobbiesPerAccount,
      lobbyCreationsPerMinute: config.lobbyCreationsPerMinute,
      seatsPerAccount: config.seatsPerAccount,
      ...(config.lobbyPorts === undefined ? {} : { ports: config.lobbyPorts }),
      onEvent: (event, details) => app.log.info(details, event),
    });
    const services: PlatformServices = {
      config,
      database,
      accounts,
      accountsStore,
      social: new SocialStore(database.db, { now }),
      games,
      registry,
      lobbies,
      certificates: new CertificateService(accountsStore, identity, now),
      identity,
    };
    app.decorate('platform', services);
    app.decorateRequest('account', null);
    const inFlight = trackInFlight(app);
    app.addHook('onClose', async () => {
      await lobbies.close();
      // Let requests already being handled (a registration takes a while) finish before the database goes.
      await inFlight.drained(DRAIN_TIMEOUT_MS);
      await passwordPool.close();
      if (options.keepDatabaseOpen !== true) await database.close();
    });
    installErrorHandlers(app);
    await installSecurityHeaders(app);
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new PlatformError(
          'RATE_LIMITED',
          `Too many requests: at most ${context.max} per minute; try again in ${Math.ceil(context.ttl / 1000)} s.`,
        ),
    });
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Paperclip platform API',
          version: '0.1.0',
          description:
            'Accounts, tokens, certificates, friends, games, lobbies and matchmaking. See docs/PLATFORM.md.',
        },
        components: {
          securitySchemes: {
            basicAuth: {
              type: 'http',
              scheme: 'basic',
              description: 'token: (empty password) on every route; username:password on /auth/token only',
            },
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/', { schema: { hide: true } }, async () => ({}));
    await app.register(async (scope) => authRoutes(scope, services));
    await app.register(async (scope) => friendsRoutes(scope, services));
    await app.register(async (scope) => lobbyRoutes(scope, services));
    await app.register(async (scope) => scoresRoutes(scope, services));
    await app.ready();
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    if (options.database === undefined) await database.close();
    throw error;
  }
}

/** Longest wait at shutdown for requests in progress. */
const DRAIN_TIMEOUT_MS = 10_000;

/** Counts requests between onRequest and their response (or abort). */
function trackInFlight(app: FastifyInstance): { drained(timeoutMs: number): Promise<void> } {
  const open = new Set<string>();
  let waiters: (() => void)[] = [];
  // Each request is removed once, whether it ends with a response, an abort, or both.
  const done = async (request: { id: string }) => {
    if (open.delete(request.id) && open.size === 0) for (const wake of waiters.splice(0)) wake();
  };
  app.addHook('onRequest', async (request) => {
    open.add(request.id);
  });
  app.addHook('onResponse', done);
  app.addHook('onRequestAbort', done);
  return {
    drained(timeoutMs) {
      if (open.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((wake) => wake !== finish);
          resolve();
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push(finish);
      });
    },
  };
}

function loggerOptions(
  logger: BuildAppOptions['logger'],
  config: PlatformConfig,
): Partial<FastifyServerOptions> {
  if (logger === undefined || logger === false) return { logger: false };
  if (logger === true) return { logger: { level: config.logLevel, serializers: { req: requestSummary } } };
  return { loggerInstance: logger };
}

/** What a request log line says: never headers (Authorization) or the query string (it may carry fields). */
export function requestSummary(request: {
  method: string;
  url: string;
  ip?: string;
}): Record<string, unknown> {
  return { method: request.method, path: request.url.split('?')[0], remoteAddress: request.ip };
}
