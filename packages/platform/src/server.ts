// startPlatform(): the platform as a running service — HTTP API on TCP_PORT, lobby UDP servers, clean shutdown.
import { formatHostPort, loopbackFor } from '@paperclip/protocol';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { PlatformConfig } from './config.ts';
import { StartErrors } from './errors.ts';
import { type BuildAppOptions, buildApp } from './http/app.ts';
import { createPlatformLogger } from './logging.ts';
import { startPlatformRealtime } from './realtime/platform-realtime.ts';
import type { RealtimeEndpoint } from './realtime/realtime-endpoint.ts';
import { isPostgresUrl, redactUrl } from './storage/database.ts';

/** A running platform. */
export interface RunningPlatform {
  app: FastifyInstance;
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:5000. */
  url: string;
  /** Bound HTTP port (useful with TCP_PORT=0). */
  port: number;
  /** The realtime endpoint: UDP on `port`'s number (unless REALTIME_UDP=0) and WebSocket at /realtime. */
  realtime: RealtimeEndpoint;
  /** Stops lobbies, the HTTP server and the database. Idempotent. */
  close(): Promise<void>;
}

/** Options of startPlatform beyond the config. */
export interface StartPlatformOptions extends Pick<BuildAppOptions, 'registry' | 'database' | 'scheduler'> {
  /** A pino logger. Default: {@link createPlatformLogger} at config.logLevel, JSON on stdout. */
  logger?: Logger;
  /** Close on SIGINT/SIGTERM. Default true. */
  handleSignals?: boolean;
}

/**
 * Starts the platform: opens and migrates the database, listens on host:httpPort, hosts lobbies.
 * For `paperclip serve`: `const platform = await startPlatform(loadConfig(process.env, flags));`.
 */
export async function startPlatform(
  config: PlatformConfig,
  options: StartPlatformOptions = {},
): Promise<RunningPlatform> {
  const logger = options.logger ?? createPlatformLogger({ level: config.logLevel });
  if (config.secretKeyGenerated) {
    logger.warn(
      'SECRET_KEY is not set: using a random key for this run (development mode). Tokens will not survive a restart; set SECRET_KEY to keep them.',
    );
  }
  logger.info(
    {
      database: isPostgresUrl(config.databaseUrl) ? redactUrl(config.databaseUrl) : config.databaseUrl,
      mode: config.mode,
    },
    'opening database',
  );
  let boundPort = config.httpPort;
  const app = await buildApp(config, {
    ...options,
    logger: logger.child({ component: 'http' }),
    certificateValidationUrl: () =>
      `http://${formatHostPort(loopbackFor(config.host), boundPort)}/auth/certificate/validate`,
  });
  try {
    await app.listen({ port: config.httpPort, host: config.host });
  } catch (error) {
    await app.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      // No hint here: the caller knows whether the port came from a flag or TCP_PORT (paperclip serve says which).
      throw new StartErrors.PORT_IN_USE(
        { host: config.host, port: config.httpPort, socket: 'HTTP' },
        { cause: error },
      );
    }
    throw error;
  }
  const address = app.server.address();
  boundPort = typeof address === 'object' && address !== null ? address.port : config.httpPort;
  const url = `http://${formatHostPort(loopbackFor(config.host), boundPort)}`;
  // Realtime (status ping now, chat later) shares the HTTP port's number; a UDP clash stops the start-up.
  const realtime = await startPlatformRealtime(app, config, boundPort, url).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  logger.info({ udp: realtime.udpAddress ?? 'off', websocket: '/realtime' }, 'realtime endpoint listening');

  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    void close().then(
      () => logger.info('stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await realtime.close();
      await app.close();
    })();
    return closing;
  };
  if (options.handleSignals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  // Said once the signal handlers are in: whoever waits for this line (a test, a supervisor) may stop us at once.
  logger.info(
    { url, games: app.platform.registry.all().map((game) => game.name) },
    'Paperclip platform listening',
  );
  return { app, url, port: boundPort, realtime, close };
}
