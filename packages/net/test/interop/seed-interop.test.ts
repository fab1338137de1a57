// Interop with the seed's Python udp package (../shared/interop), both ways, for every run_interop.py flag set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freeUdpPort,
  type HarnessProcess,
  INTEROP_DIR,
  interopUnavailableReason,
  lastJsonLine,
  privateLoopbackHost,
  SEED_SCENARIOS,
  startPaperclip,
  startPython,
} from './support/seed-harness.ts';

const unavailable = interopUnavailableReason();
if (unavailable !== undefined) console.warn(`seed interop tests SKIPPED: ${unavailable}`);

/** Messages per scenario: the seed paces every packet by SEND_SLEEP_TIME (0.1 s), so keep runs short. */
const countFor = (size: number) => (size > 1000 ? 3 : 6);
const LISTENING = /listening on udp (\S+):(\d+)/;
const SCENARIO_TIMEOUT_MS = 60_000;

/** Starts cert_stub.py on <host>:5000 (where the seed looks), answering valid or (deny) invalid. */
async function startCertStub(host: string, deny = false): Promise<HarnessProcess> {
  const stub = startPython('cert_stub.py', [
    '--host',
    host,
    '--port',
    '5000',
    '--duration',
    '900',
    ...(deny ? ['--deny'] : []),
  ]);
  await stub.waitFor(/listening/);
  return stub;
}

describe.skipIf(unavailable !== undefined)(
  `seed interop with ${INTEROP_DIR}${unavailable === undefined ? '' : ` — SKIPPED: ${unavailable}`}`,
  () => {
    const stops: Array<() => Promise<void>> = [];
    let host = '';
    beforeAll(async () => {
      host = await privateLoopbackHost();
      const stub = await startCertStub(host);
      stops.push(() => stub.stop());
    }, 30_000);
    afterAll(async () => {
      for (const stop of stops.reverse()) await stop();
    });

    describe('our echo-server, seed py_client.py (certificates checked over HTTP both ways)', () => {
      let address = '';
      beforeAll(async () => {
        // No validator flag: our server uses the seed default, GET http://<host>:5000/auth/certificate/validate.
        const server = startPaperclip(['echo-server', '--host', host, '--port', '0', '--duration', '900']);
        stops.push(() => server.stop());
        const [, boundHost, port] = await server.waitFor(LISTENING);
        address = `${boundHost}:${port}`;
      }, 30_000);

      for (const scenario of SEED_SCENARIOS) {
        it(
          `${scenario.name}: every message comes back intact`,
          async () => {
            const count = countFor(scenario.size);
            const bind = `${host}:${await freeUdpPort(host)}`;
            const client = startPython('py_client.py', [
              ...['--server', address, '--bind', bind, '-n', String(count), '--size', String(scenario.size)],
              ...['--flags', scenario.flags, '--quiet', '--echo-timeout', '30', '--handshake-timeout', '15'],
            ]);
            try {
              const code = await client.exited;
              const report = lastJsonLine(client.stdout());
              expect(report, client.stderr().slice(-2000)).toMatchObject({
                handshake: true,
                sent: count,
                echoed: count,
                mismatched: 0,
              });
              expect(code).toBe(0);
            } finally {
              await client.stop();
            }
          },
          SCENARIO_TIMEOUT_MS,
        );
      }
    });

    describe('seed py_echo_server.py, our echo-client', () => {
      for (const scenario of SEED_SCENARIOS) {
        it(
          `${scenario.name}: every message comes back intact, no duplicates`,
          async () => {
            const count = countFor(scenario.size);
            const port = await freeUdpPort(host);
            const seed = startPython('py_echo_server.py', [
              ...['--addr', `${host}:${port}`, '--duration', '60', '--exit-when-idle', '0.3', '--quiet'],
            ]);
            try {
              await seed.waitFor(/echo server on/);
              const ours = startPaperclip([
                ...['echo-client', '--server', `${host}:${port}`, '-n', String(count)],
                ...['--size', String(scenario.size), '--timeout', '30', ...flagArgs(scenario.flags)],
              ]);
              try {
                const code = await ours.exited;
                expect(lastJsonLine(ours.stdout()), ours.stderr()).toMatchObject({
                  handshake: true,
                  sent: count,
                  echoed: count,
                  duplicates: 0,
                  mismatched: 0,
                });
                expect(code).toBe(0);
              } finally {
                await ours.stop();
              }
              // Our client said DISCONNECT/CLIENT_DISCONNECT, so the seed server saw us leave and goes idle.
              await seed.exited;
              expect(lastJsonLine(seed.stdout())).toMatchObject({
                joined: 1,
                left: 1,
                unique: count,
                checksum_bad: 0,
                exit: 'idle',
              });
            } finally {
              await seed.stop();
            }
          },
          SCENARIO_TIMEOUT_MS,
        );
      }
    });

    describe('certificate refusal (cert_stub.py --deny)', () => {
      let denyHost = '';
      beforeAll(async () => {
        denyHost = await privateLoopbackHost();
        const stub = await startCertStub(denyHost, true);
        stops.push(() => stub.stop());
      }, 30_000);

      it(
        'our echo-server refuses py_client.py with CONNECTION/CERTIFICATE_INVALID',
        async () => {
          const server = startPaperclip([
            'echo-server',
            '--host',
            denyHost,
            '--port',
            '0',
            '--duration',
            '120',
          ]);
          stops.push(() => server.stop());
          const [, boundHost, port] = await server.waitFor(LISTENING);
          const client = startPython('py_client.py', [
            ...['--server', `${boundHost}:${port}`, '--bind', `${denyHost}:${await freeUdpPort(denyHost)}`],
            ...['-n', '1', '--quiet', '--handshake-timeout', '10'],
          ]);
          try {
            expect(await client.exited).not.toBe(0);
            const report = lastJsonLine(client.stdout());
            expect(report?.['handshake']).toBe(false);
            expect(String(report?.['error'])).toMatch(/CertificateInvalid/);
          } finally {
            await client.stop();
          }
        },
        SCENARIO_TIMEOUT_MS,
      );

      it(
        'the seed server refuses our echo-client, which exits 1 (a runtime failure) saying the server refused its certificate',
        async () => {
          const port = await freeUdpPort(denyHost);
          const seed = startPython('py_echo_server.py', [
            '--addr',
            `${denyHost}:${port}`,
            '--duration',
            '30',
            '--quiet',
          ]);
          try {
            await seed.waitFor(/echo server on/);
            const ours = startPaperclip(['echo-client', '--server', `${denyHost}:${port}`, '-n', '1']);
            try {
              expect(await ours.exited).toBe(1);
              expect(lastJsonLine(ours.stdout())).toMatchObject({ handshake: false });
              expect(ours.stderr()).toMatch(/^paperclip: .*The server at \S+ refused your certificate/m);
            } finally {
              await ours.stop();
            }
          } finally {
            await seed.stop();
          }
        },
        SCENARIO_TIMEOUT_MS,
      );
    });
  },
);

function flagArgs(flags: string): string[] {
  return flags === '' ? [] : ['--flags', flags];
}
