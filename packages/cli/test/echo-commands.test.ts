// `paperclip echo-server` / `echo-client` as child processes, and their one-sentence failures.
import { acceptAnyCertificate, Client } from '@paperclip/net';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, lastJson, spawnCli } from './support/cli-process.ts';
import { closedUdpPort } from './support/closed-udp-port.ts';

afterEach(killAll);

const LISTENING = /listening on udp (\S+):(\d+)/;

/** Asserts a failure was reported as one sentence on stderr, without a stack trace. */
function expectOneSentence(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((text) => text.trim() !== '' && !text.includes('nodedir'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('paperclip echo-server + echo-client', () => {
  it('echoes N RELIABLE+ENCRYPTED messages and prints the py_client.py-style JSON line', async () => {
    const server = spawnCli(['echo-server', '--port', '0', '--accept-any-cert', '--duration', '60']);
    const [, host, port] = await server.line(LISTENING);
    const client = spawnCli([
      'echo-client',
      '--server',
      `${host}:${port}`,
      '-n',
      '20',
      '--flags',
      'RELIABLE,ENCRYPTED',
      '--size',
      '64',
      '--accept-any-cert',
    ]);
    expect(await client.exited).toBe(0);
    const report = lastJson(client.stdout());
    expect(report).toMatchObject({ handshake: true, sent: 20, echoed: 20, duplicates: 0, mismatched: 0 });
    expect(report['flags']).toEqual(['RELIABLE', 'ENCRYPTED']);
    expect(typeof report['seconds']).toBe('number');
    expect(typeof report['msgs_per_s']).toBe('number');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(lastJson(server.stdout())).toMatchObject({ joined: 1, left: 1, echoed: 20, exit: 'signal' });
  });

  it('reads S_HOST/S_PORT like the seed (flags win) and fragments a 5000-byte message', async () => {
    const server = spawnCli(['echo-server', '--accept-any-cert', '--duration', '60'], {
      env: { S_HOST: '127.0.0.1', S_PORT: '0' },
    });
    const [, host, port] = await server.line(LISTENING);
    const client = spawnCli(
      ['echo-client', '-n', '3', '--flags', 'FRAG,ENCRYPTED', '--size', '5000', '--accept-any-cert'],
      {
        env: { S_HOST: host, S_PORT: port },
      },
    );
    expect(await client.exited).toBe(0);
    expect(lastJson(client.stdout())).toMatchObject({ handshake: true, echoed: 3, size: 5000 });
  });

  it('says in one sentence that the port is in use, with a hint naming --port or S_PORT as given', async () => {
    const first = spawnCli(['echo-server', '--port', '0', '--accept-any-cert', '--duration', '60']);
    const [, , port] = await first.line(LISTENING);
    const second = spawnCli(['echo-server', '--port', port!, '--accept-any-cert']);
    const third = spawnCli(['echo-server', '--accept-any-cert'], { env: { S_PORT: port! } });
    expect(await second.exited).toBe(1);
    expectOneSentence(
      second.stderr(),
      /^paperclip: UDP port \d+ on 127\.0\.0\.1 is already in use: stop the other program, or pass another --port\.$/,
    );
    // The hint names what the user gave: here the port came from S_PORT, not from a flag.
    expect(await third.exited).toBe(1);
    expectOneSentence(third.stderr(), /is already in use: stop the other program, or set another S_PORT\.$/);
  });

  it('says in one sentence that nothing listens at the server address (a runtime failure: exit 1)', async () => {
    const port = await closedUdpPort();
    const client = spawnCli(['echo-client', '--server', `127.0.0.1:${port}`, '-n', '1', '--accept-any-cert']);
    expect(await client.exited).toBe(1);
    expect(lastJson(client.stdout())).toMatchObject({ handshake: false, sent: 0, echoed: 0 });
    expectOneSentence(
      client.stderr(),
      /^paperclip: Could not connect to the echo server given by --server: No Paperclip server is listening at 127\.0\.0\.1:\d+/,
    );
  });

  it('rejects a bad flag name and a bad server address with one sentence (usage errors: exit 2)', async () => {
    const badFlag = spawnCli(['echo-client', '--flags', 'RELIABLE,TURBO']);
    expect(await badFlag.exited).toBe(2);
    expectOneSentence(
      badFlag.stderr(),
      /^paperclip: Invalid value for --flags: "TURBO" is not a Paperclip flag/,
    );
    const badServer = spawnCli(['echo-client', '--server', 'nowhere', '--accept-any-cert']);
    expect(await badServer.exited).toBe(2);
    expectOneSentence(
      badServer.stderr(),
      /^paperclip: Invalid value for --server: "nowhere" is not a host:port/,
    );
  });

  it('honours MAX_CLIENTS from the environment: one client too many is refused with NO_SPACE', async () => {
    const server = spawnCli(['echo-server', '--port', '0', '--accept-any-cert', '--duration', '60'], {
      env: { MAX_CLIENTS: '1' },
    });
    const [, host, port] = await server.line(LISTENING);
    const first = new Client({ validator: acceptAnyCertificate });
    try {
      await first.connect(`${host}:${port}`);
      const second = spawnCli(['echo-client', '--server', `${host}:${port}`, '-n', '1', '--accept-any-cert']);
      expect(await second.exited).toBe(1);
      expect(lastJson(second.stdout())).toMatchObject({ handshake: false });
      expectOneSentence(second.stderr(), /Server is Full|NO_SPACE|full/i);
    } finally {
      await first.close();
    }
  });
});
