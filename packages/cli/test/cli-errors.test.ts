// One error style for the real `paperclip` process: `paperclip: <sentence>`, exit 2 for usage, 1 for runtime.
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, spawnCli } from './support/cli-process.ts';
import { closedUdpPort } from './support/closed-udp-port.ts';

const TOY = fileURLToPath(new URL('./fixtures/toy-plugin.ts', import.meta.url));
const CRASHING = fileURLToPath(new URL('./fixtures/crashing-plugin.ts', import.meta.url));
const LATE_CRASH = fileURLToPath(new URL('./fixtures/late-crash-plugin.ts', import.meta.url));

let closedPort = 0;
/** A TCP server that accepts and never answers: a request to it waits, so a later crash surely comes first. */
const silent = createServer(() => {});
const silentSockets = new Set<Socket>();
silent.on('connection', (socket) => silentSockets.add(socket));
beforeAll(async () => {
  closedPort = await closedUdpPort();
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
});
afterAll(async () => {
  await killAll();
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

/** One failing command line and what it must print: stderr's first line (exact, or a pattern for text others own). */
interface FailureCase {
  what: string;
  args: () => string[];
  env?: NodeJS.ProcessEnv;
  exit: 1 | 2;
  first: string | RegExp;
  /** The second stderr line; none when absent. */
  second?: string | RegExp;
}

const help = (command: string) => `Run "${command} --help" for usage.`;

const FAILURES: readonly FailureCase[] = [
  {
    what: 'unknown command, with a suggestion',
    args: () => ['sreve'],
    exit: 2,
    first: 'paperclip: "sreve" is not a paperclip command. Did you mean serve?',
    second: help('paperclip'),
  },
  {
    what: 'unknown command after `help`',
    args: () => ['help', 'frob'],
    exit: 2,
    first: 'paperclip: "frob" is not a paperclip command.',
    second: help('paperclip'),
  },
  {
    what: 'unknown option, with a suggestion',
    args: () => ['serve', '--prot', '5'],
    exit: 2,
    first: 'paperclip: Unknown option --prot. Did you mean --port?',
    second: help('paperclip serve'),
  },
  {
    what: 'missing argument',
    args: () => ['ping'],
    exit: 2,
    first: 'paperclip: Missing the <target> argument: HOST:PORT for UDP, or a ws:// / wss:// URL.',
    second: help('paperclip ping'),
  },
  {
    what: 'missing required option',
    args: () => ['play', 'rps'],
    exit: 2,
    first: 'paperclip: The --user option is required: account username.',
    second: help('paperclip play'),
  },
  {
    what: 'option without its value',
    args: () => ['ping', '--timeout'],
    exit: 2,
    first: 'paperclip: The --timeout option needs a value (<seconds>).',
    second: help('paperclip ping'),
  },
  {
    what: 'too many arguments',
    args: () => ['ping', '127.0.0.1:1', 'extra'],
    exit: 2,
    first: 'paperclip: ping takes 1 argument (<target>), but was given 2: "127.0.0.1:1" "extra".',
    second: help('paperclip ping'),
  },
  {
    what: 'an argument to a command that takes none',
    args: () => ['serve', 'now'],
    exit: 2,
    first: 'paperclip: serve takes no arguments, but was given "now".',
    second: help('paperclip serve'),
  },
  {
    what: 'invalid value: echo-client -n abc',
    args: () => ['echo-client', '-n', 'abc'],
    exit: 2,
    first: 'paperclip: Invalid value "abc" for --count: expected a whole number of at least 1.',
    second: help('paperclip echo-client'),
  },
  {
    what: 'invalid value: ping --size 5',
    args: () => ['ping', '--size', '5', '127.0.0.1:1'],
    exit: 2,
    // The reason is ping's own text; the frame is ours.
    first: /^paperclip: Invalid value "5" for --size: [a-z].*\.$/,
    second: help('paperclip ping'),
  },
  {
    what: 'invalid value: serve --port x',
    args: () => ['serve', '--port', 'x'],
    exit: 2,
    first: 'paperclip: Invalid value "x" for --port: expected a port number from 0 to 65535.',
    second: help('paperclip serve'),
  },
  {
    what: 'options that exclude each other',
    args: () => ['play', 'rps', '-u', 'a', '-p', 'b', '-m', 'r', '--matchmake', '--lobby', '3'],
    exit: 2,
    first: 'paperclip: --matchmake and --lobby cannot be used together.',
    second: help('paperclip play'),
  },
  {
    what: 'play with a game no plugin plays',
    args: () => ['play', 'chess', '-u', 'a', '-p', 'b', '-m', '1'],
    env: { PAPERCLIP_PLUGINS: TOY },
    exit: 2,
    first: 'paperclip: "chess" is not a game this command can play: the games known here are "toy".',
  },
  {
    what: 'a bad environment variable is named as such',
    args: () => ['echo-client', '-n', '1'],
    env: { S_PORT: 'abc' },
    exit: 2,
    first: 'paperclip: The environment variable S_PORT=abc must be a number from 0 to 65535.',
  },
  {
    what: 'runtime failure: echo-client against a closed port',
    args: () => ['echo-client', '--server', `127.0.0.1:${closedPort}`, '-n', '1', '--accept-any-cert'],
    exit: 1,
    first:
      /^paperclip: Could not connect to the echo server given by --server: No Paperclip server is listening at 127\.0\.0\.1:\d+ \(the port is closed\)\.$/,
  },
  {
    what: 'internal error: one sentence and how to see the details',
    args: () => ['play', 'toy', '-u', 'a', '-p', 'b', '-m', '1'],
    env: { PAPERCLIP_PLUGINS: CRASHING },
    exit: 1,
    first:
      'paperclip: An unexpected error stopped the command: TypeError: the crashing fixture broke on purpose.',
    second: 'Run it again with PAPERCLIP_DEBUG=1 to see the details.',
  },
  {
    what: 'internal error thrown later, outside any await: the same sentence',
    args: () => {
      const { port } = silent.address() as AddressInfo;
      return ['play', 'late', '-u', 'a', '-p', 'b', '-m', 'x', '--server', `http://127.0.0.1:${port}`];
    },
    env: { PAPERCLIP_PLUGINS: LATE_CRASH },
    exit: 1,
    first:
      'paperclip: An unexpected error stopped the command: RangeError: the late-crash fixture threw from a timer.',
    second: 'Run it again with PAPERCLIP_DEBUG=1 to see the details.',
  },
];

describe.concurrent('paperclip failures: one sentence, the right exit status', () => {
  it.each(FAILURES)('$what', async ({ args, env, exit, first, second }) => {
    const cli = spawnCli(args(), { env: { PAPERCLIP_DEBUG: '', ...env } });
    const code = await cli.exited;
    const stderr = cli.stderr();
    const [line1, line2 = undefined] = stderr.split('\n').filter((text) => text !== '');
    if (typeof first === 'string') expect(line1).toBe(first);
    else expect(line1).toMatch(first);
    if (second === undefined) expect(line2).toBeUndefined();
    else if (typeof second === 'string') expect(line2).toBe(second);
    else expect(line2).toMatch(second);
    expect(stderr).not.toMatch(/^error:/m);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(code).toBe(exit);
  });

  it('prints the stack of an internal error with PAPERCLIP_DEBUG=1', async () => {
    const cli = spawnCli(['play', 'toy', '-u', 'a', '-p', 'b', '-m', '1'], {
      env: { PAPERCLIP_PLUGINS: CRASHING, PAPERCLIP_DEBUG: '1' },
    });
    expect(await cli.exited).toBe(1);
    const lines = cli.stderr().split('\n');
    expect(lines[0]).toBe(
      'paperclip: An unexpected error stopped the command: TypeError: the crashing fixture broke on purpose.',
    );
    expect(lines[1]).toBe('TypeError: the crashing fixture broke on purpose');
    expect(cli.stderr()).toMatch(/^\s+at .*crashing-plugin\.ts/m);
  });

  it.each([
    '--help',
    '--version',
    'serve --help',
    'help ping',
  ])('`paperclip %s` exits 0, stderr empty', async (line) => {
    const cli = spawnCli(line.split(' '));
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toBe('');
    expect(cli.stdout()).not.toBe('');
  });
});
