// Runs the seed's Python programs (../shared/interop) for interop tests: availability check, cert stub, echo peers.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The one way tests run the CLI (node --import tsx on its sources), shared with the CLI's own tests.
import { PAPERCLIP_COMMAND } from '../../../../cli/test/support/cli-process.ts';

/** The repository root (…/packages/net/test/interop/support → five levels up). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
/** The seed harness: ../shared/interop relative to the repository root. */
export const INTEROP_DIR = resolve(REPO_ROOT, '../shared/interop');
const PYTHON = 'python3';
const SCRIPTS = ['py_client.py', 'py_echo_server.py', 'cert_stub.py', '_seedenv.py'];

/** Why the interop suite cannot run here, or undefined when it can. */
export function interopUnavailableReason(): string | undefined {
  if (!existsSync(INTEROP_DIR))
    return `${INTEROP_DIR} does not exist (the seed harness is not checked out beside the repo)`;
  const missing = SCRIPTS.filter((name) => !existsSync(join(INTEROP_DIR, name)));
  if (missing.length > 0) return `${INTEROP_DIR} lacks ${missing.join(', ')}`;
  const probe = spawnSync(PYTHON, ['-c', 'import cryptography, dotenv, requests'], { timeout: 30_000 });
  if (probe.error) return `${PYTHON} cannot be run (${probe.error.message})`;
  if (probe.status !== 0)
    return `${PYTHON} lacks the cryptography/python-dotenv/requests modules the seed needs`;
  return undefined;
}

/** The run_interop.py scenario matrix: name → (flags, size). */
export const SEED_SCENARIOS = [
  { name: 'none', flags: '', size: 32 },
  { name: 'reliable', flags: 'RELIABLE', size: 32 },
  { name: 'reliable+encrypted', flags: 'RELIABLE,ENCRYPTED', size: 32 },
  { name: 'reliable+compressed+checksum', flags: 'RELIABLE,COMPRESSED,CHECKSUM', size: 32 },
  { name: 'frag+encrypted_5000B', flags: 'FRAG,ENCRYPTED', size: 5000 },
] as const;

/** A process we started, in its own temp cwd (the seed writes paperclip.log there). */
export interface HarnessProcess {
  child: ChildProcess;
  cwd: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves with the first stdout match of `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Kills by PID (if still running), waits for the exit, removes the temp cwd. */
  stop(): Promise<void>;
}

/** Starts `python3 <interop script> <args>` in a fresh temp cwd. */
export function startPython(script: string, args: string[]): HarnessProcess {
  return startProcess(PYTHON, [join(INTEROP_DIR, script), ...args], script);
}

/** Starts `paperclip <args>` (the sources, as every CLI test runs them) in a fresh temp cwd. */
export function startPaperclip(args: string[]): HarnessProcess {
  const [command, ...prefix] = PAPERCLIP_COMMAND;
  return startProcess(command, [...prefix, ...args], `paperclip ${args[0]}`);
}

function startProcess(command: string, args: string[], label: string): HarnessProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'paperclip-interop-'));
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const wakers = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const wake of [...wakers]) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((done) => {
    child.on('exit', (code) => {
      for (const wake of [...wakers]) wake();
      done(code);
    });
  });
  return {
    child,
    cwd,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern) =>
      new Promise((ok, fail) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) {
            wakers.delete(check);
            ok(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            wakers.delete(check);
            fail(new Error(`${label} exited before printing ${pattern}: ${err.slice(-2000)}`));
          }
        };
        wakers.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** The last JSON line of a process's stdout. */
export function lastJsonLine(stdout: string): Record<string, unknown> | undefined {
  const lines = stdout.split('\n').filter((text) => text.startsWith('{'));
  return lines.length === 0 ? undefined : (JSON.parse(lines.at(-1)!) as Record<string, unknown>);
}

/**
 * A loopback host of its own for this run, e.g. 127.83.19.7. The seed hard-codes certificate validation at
 * http://<server host>:5000, so each suite gets a private 127/8 address whose port 5000 is free, and its
 * cert stub there never collides with anything else on 127.0.0.1:5000.
 */
export async function privateLoopbackHost(): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const host = `127.${randomOctet()}.${randomOctet()}.${randomOctet()}`;
    if (!(await tcpPortAnswers(host, 5000))) return host;
  }
  throw new Error('no free 127/8 address with port 5000 available');
}

function randomOctet(): number {
  return 2 + Math.floor(Math.random() * 250);
}

function tcpPortAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** A UDP port on `host` that was free a moment ago (for py_client.py's --bind, which needs a number). */
export async function freeUdpPort(host: string): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((done) => socket.bind(0, host, done));
  const { port } = socket.address();
  await new Promise<void>((done) => socket.close(() => done()));
  return port;
}
