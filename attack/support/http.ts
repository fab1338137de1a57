// HTTP for the attack suite: one request from a chosen loopback source address (127.0.0.x stands for another
// machine: the platform does not trust X-Forwarded-For), timed, with the body read and parsed.
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One answer. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON body, or undefined. */
  json: unknown;
  /** Wall time from the call to the last body byte. */
  ms: number;
}

/** Options of one request. */
export interface HttpOptions {
  method?: string;
  authorization?: string;
  body?: unknown;
  /** Source address to bind, e.g. 127.0.0.7. Default 127.0.0.1. */
  from?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Sends one request to `base + path` on a fresh connection. Never throws for an HTTP status; status 0 = no answer. */
export function http(base: string, path: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const url = new URL(path, base);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        timeout: options.timeoutMs ?? 30_000,
        headers: {
          ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            ms: performance.now() - started,
          });
        });
        res.on('error', () => resolve(noAnswer(started)));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(noAnswer(started)));
    req.end(body);
  });
}

function noAnswer(started: number): HttpAnswer {
  return { status: 0, headers: {}, text: '', json: undefined, ms: performance.now() - started };
}

/** `Basic base64(user:password)`. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** The seed's token form: Basic with the token as the username and an empty password. */
export function tokenAuth(token: string): string {
  return basic(token, '');
}

/** A field of a JSON object answer, or undefined. */
export function field(answer: HttpAnswer, name: string): unknown {
  const json = answer.json;
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[name] : undefined;
}
