// Settings from the environment under the seed's variable names (.env of udp/); command-line flags win.
import { UserError } from './cli-errors.ts';

/** Transport settings the seed reads from its environment. Each is undefined when the variable is unset. */
export interface SeedEnvironment {
  /** S_HOST: the server's host. */
  host?: string;
  /** S_PORT: the server's UDP port. */
  port?: number;
  /** HEARTBEAT_MIN_TIME (seconds) in milliseconds. */
  heartbeatMinMs?: number;
  /** HEARTBEAT_MAX_TIME (seconds) in milliseconds. */
  heartbeatMaxMs?: number;
  /** MAX_CLIENTS. */
  maxClients?: number;
}

/** Reads S_HOST, S_PORT, HEARTBEAT_MIN_TIME, HEARTBEAT_MAX_TIME, MAX_CLIENTS. Throws UserError on bad values. */
export function readSeedEnvironment(env: NodeJS.ProcessEnv = process.env): SeedEnvironment {
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const number = (name: string, min: number, max: number): number | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new UserError(
        `The environment variable ${name}=${raw} must be a number from ${min} to ${max}.`,
        2,
      );
    }
    return value;
  };
  const heartbeatMin = number('HEARTBEAT_MIN_TIME', 0.001, 86_400);
  const heartbeatMax = number('HEARTBEAT_MAX_TIME', 0.001, 86_400);
  const port = number('S_PORT', 0, 65_535);
  const maxClients = number('MAX_CLIENTS', 1, 1_000_000);
  if (port !== undefined && !Number.isInteger(port)) {
    throw new UserError(`The environment variable S_PORT=${text('S_PORT')} must be a whole number.`, 2);
  }
  return {
    host: text('S_HOST'),
    port,
    heartbeatMinMs: heartbeatMin === undefined ? undefined : heartbeatMin * 1000,
    heartbeatMaxMs: heartbeatMax === undefined ? undefined : heartbeatMax * 1000,
    maxClients: maxClients === undefined ? undefined : Math.floor(maxClients),
  };
}
