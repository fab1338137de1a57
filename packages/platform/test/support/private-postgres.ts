// A private, throw-away PostgreSQL server for tests that stop and restart the database (never the machine's
// shared one): initdb in a temporary folder, its own port, Debian's binaries, run as the `postgres` user when
// the tests run as root (the server refuses root). Always removed: stop() and process exit.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const INSTALL_HINT =
  "Install Debian's PostgreSQL server binaries (apt-get install postgresql, which provides /usr/lib/postgresql/<version>/bin/initdb and pg_ctl).";

/** A private PostgreSQL instance. */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:port/postgres */
  url: string;
  port: number;
  /** Starts the server (again) on the same port and data; resolves once it accepts connections. */
  start(): void;
  /** Stops it: 'immediate' is a crash-like stop (no checkpoint), 'fast' a clean one. */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Stops it and deletes its folder. */
  destroy(): void;
}

/** Where Debian keeps the newest PostgreSQL's binaries; throws with what to install when there are none. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`No PostgreSQL server binaries under ${root}. ${INSTALL_HINT}`);
  return join(root, versions[0]!, 'bin');
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const live = new Set<PrivatePostgres>();
process.once('exit', () => {
  for (const instance of live) instance.destroy();
});

/** Creates (initdb) and starts a private instance on a free port. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'paperclip-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const postgres = passwdEntry('postgres');
    if (postgres === undefined) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Running as root needs a "postgres" system user to run the server as. ${INSTALL_HINT}`);
    }
    chownSync(dir, postgres.uid, postgres.gid);
  }
  // Run a PostgreSQL binary as ourselves, or as `postgres` when we are root.
  const run = (tool: string, args: string[]) => {
    const [command, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      throw new Error(
        `${tool} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`,
      );
    }
  };
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  const port = await freePort();
  let destroyed = false;
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c fsync=off',
    '-c max_connections=20',
    '-c shared_buffers=8MB',
  ].join(' ');
  const instance: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start() {
      run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    },
    stop(mode = 'fast') {
      if (!existsSync(join(data, 'postmaster.pid'))) return;
      run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      live.delete(instance);
      try {
        instance.stop('immediate');
      } catch {
        // Last resort: the postmaster's pid is the first line of postmaster.pid.
        const pidFile = join(data, 'postmaster.pid');
        if (existsSync(pidFile)) {
          const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
          if (pid > 0) process.kill(pid, 'SIGKILL');
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(instance);
  try {
    instance.start();
  } catch (error) {
    instance.destroy();
    throw error;
  }
  return instance;
}

function passwdEntry(user: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}
