// Where the platform's HTTP API is: --server URL, or --host/--port, or the seed's S_HOST and TCP_PORT, else 127.0.0.1:5000.
import { formatHostPort } from '@paperclip/protocol';
import { UserError } from '../cli-errors.ts';

/** Flags that name the platform. */
export interface ServerFlags {
  /** Full base URL, e.g. http://127.0.0.1:5000. */
  server?: string;
  host?: string;
  port?: number;
}

/** The seed client's default: SERVER_URL = http://{S_HOST}:{TCP_PORT} with the .env values. */
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 5000;

/** The platform base URL from flags, then the environment (S_HOST, TCP_PORT), then the seed's defaults. */
export function platformUrl(flags: ServerFlags, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.server !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.server);
    } catch {
      throw new UserError(`"${flags.server}" is not a URL; use e.g. --server http://127.0.0.1:5000.`, 2);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UserError(`The server URL must start with http:// or https://, not "${url.protocol}".`, 2);
    }
    return url.origin;
  }
  const host = flags.host ?? nonEmpty(env['S_HOST']) ?? DEFAULT_HOST;
  let port = flags.port;
  if (port === undefined) {
    const raw = nonEmpty(env['TCP_PORT']);
    if (raw !== undefined && !/^\d{1,5}$/.test(raw)) {
      throw new UserError(`The environment variable TCP_PORT=${raw} must be a port number.`);
    }
    port = raw === undefined ? DEFAULT_PORT : Number(raw);
  }
  if (port < 1 || port > 65535) throw new UserError(`Port ${port} is not a port number from 1 to 65535.`, 2);
  return `http://${formatHostPort(host, port)}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
