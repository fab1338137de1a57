// `paperclip serve` as `npm start` runs it: JSON logs on a pipe, the banner on stderr, LOG_FORMAT, the --port hint.
// (LOG_FORMAT's refusal and the TCP_PORT / default hints are unit tests in serve-banner.test.ts: each spawn costs seconds.)
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, killAll, spawnCli } from './support/cli-process.ts';

const workDirs: string[] = [];
const holders: Server[] = [];
afterEach(async () => {
  await killAll();
  for (const holder of holders.splice(0)) await new Promise((resolve) => holder.close(resolve));
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh SQLite path and the environment every serve here runs with (dev mode, loopback, no plugins). */
function serveEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'paperclip-startup-'));
  workDirs.push(dir);
  return {
    SECRET_KEY: '',
    NODE_ENV: 'development',
    S_HOST: '127.0.0.1',
    TCP_PORT: '0',
    DATABASE_URL: join(dir, 'paperclip.db'),
    PAPERCLIP_PLUGINS: '',
    LOG_FORMAT: '',
    LOG_LEVEL: '',
    ...extra,
  };
}

/** Resolves once stderr holds `pattern` (the banner goes there); rejects if the process ends first. */
function stderrMatch(cli: CliProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = cli.stderr().match(pattern);
      if (match) {
        cli.child.stderr?.off('data', check);
        resolve(match);
      } else if (cli.child.exitCode !== null) {
        reject(new Error(`paperclip exited before writing ${pattern} on stderr: ${cli.stderr()}`));
      }
    };
    // spawnCli's own listener appends the chunk first (it was attached first).
    cli.child.stderr?.on('data', check);
    void cli.exited.then(check);
    check();
  });
}

/** A TCP port on 127.0.0.1 held by another server for the test. */
async function takenPort(): Promise<number> {
  const holder = createServer();
  holders.push(holder);
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return (holder.address() as { port: number }).port;
}

describe('paperclip serve start-up', () => {
  it('on a pipe: JSON lines only on stdout, the banner on stderr, request lines once LOG_LEVEL=debug', async () => {
    const serve = spawnCli(['serve'], { env: serveEnv({ LOG_LEVEL: 'debug' }) });
    const [, url] = await serve.line(
      /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"Paperclip platform listening"/,
    );
    const [banner] = await stderrMatch(serve, /Paperclip is ready\.[\s\S]*npx paperclip --server \S+\n/);
    expect(banner).toContain(`API docs  ${url}/docs\n`);
    expect(banner).toContain(`npx paperclip --server ${url}\n`);
    expect(banner).not.toContain('\u001b['); // no colours: stderr is not a terminal
    await fetch(`${url}/games/`);
    await serve.line(/"level":20,.*"msg":"request completed"/);
    const lines = serve
      .stdout()
      .split('\n')
      .filter((text) => text !== '');
    for (const text of lines) expect(() => JSON.parse(text)).not.toThrow();
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('LOG_FORMAT=pretty gives readable lines even on a pipe', async () => {
    const serve = spawnCli(['serve'], { env: serveEnv({ LOG_FORMAT: 'pretty' }) });
    const [line] = await serve.line(/^.*INFO.*Paperclip platform listening.*$/);
    expect(line).toMatch(
      /^\[\d\d:\d\d:\d\d\] INFO: Paperclip platform listening \{"url":"http:\/\/127\.0\.0\.1:\d+"/,
    );
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('refuses a bad --lobby-ports in one sentence, exit 2', async () => {
    const serve = spawnCli(['serve', '--lobby-ports', '40999-40000'], { env: serveEnv() });
    expect(await serve.exited).toBe(2);
    expect(serve.stderr()).toMatch(
      /^paperclip: --lobby-ports must be a port range like 40000-40999 \(.*\), but it is "40999-40000"\.\n/,
    );
  });

  it('a taken port given with --port: the hint says --port', async () => {
    const port = await takenPort();
    const serve = spawnCli(['serve', '--port', String(port)], { env: serveEnv() });
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toBe(
      `paperclip: HTTP port ${port} on 127.0.0.1 is already in use. Stop the other server, or pass another --port.\n`,
    );
  });
});
