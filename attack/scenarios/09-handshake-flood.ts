// Finding 9: a spoofed handshake flood (20,000 AUTHs/s with garbage certificates from 4,000 addresses, 10 s)
// against a platform lobby while 5 legitimate players connect; and how many certificate validations the
// flood turns into on the platform.
import { performance } from 'node:perf_hooks';
import { median } from '../../bench/report.ts';
import { startChild } from '../support/child.ts';
import { registerAccount, startPlatformChild } from '../support/platform.ts';
import { atLeast, atMost, info, pause, type Scenario } from '../support/scenario.ts';
import { createLobby, lobbyCertificate, tryConnect } from '../support/udp.ts';

const RATE = 20_000;
const ADDRESSES = 4_000;
/** Long enough that a player's whole handshake (HANDSHAKE_MS) happens inside the flood. */
const SECONDS = 10;
const HANDSHAKE_MS = 8000;
const PLAYERS = 5;

export const handshakeFlood: Scenario = {
  finding: 9,
  name: 'spoofed handshake flood',
  async run() {
    const platform = await startPlatformChild();
    const flooder = await startChild<Record<string, never>>('servers/flooder.ts');
    try {
      const owner = await registerAccount(platform.url, 'owner');
      const players = [];
      for (let i = 0; i < PLAYERS; i++) players.push(await registerAccount(platform.url, `player${i}`));
      const certificates = await Promise.all(players.map((player) => lobbyCertificate(platform.url, player)));
      const lobby = await createLobby(platform.url, owner);
      await flooder.ask('prepare', ADDRESSES);
      const before = await platform.stats();
      const flood = flooder.ask<{ sent: number; seconds: number }>('flood', {
        host: lobby.host,
        port: lobby.port,
        rate: RATE,
        addresses: ADDRESSES,
        seconds: SECONDS,
      });
      await pause(1000); // the flood is on
      const times: number[] = [];
      const attempts = await Promise.all(
        certificates.map(async (certificate) => {
          const started = performance.now();
          const attempt = await tryConnect(platform.url, lobby, certificate, HANDSHAKE_MS);
          if (attempt.client) times.push(performance.now() - started);
          return attempt;
        }),
      );
      const { sent, seconds } = await flood;
      const after = await platform.stats();
      await Promise.all(attempts.map((attempt) => attempt.client?.close()));
      const connected = attempts.filter((attempt) => attempt.client !== undefined).length;
      const failure = attempts.find((attempt) => attempt.error !== undefined)?.error;
      return [
        info(
          'flood rate achieved',
          sent / seconds,
          'AUTH/s',
          `${sent} AUTHs from ${ADDRESSES} addresses in ${seconds.toFixed(1)} s`,
        ),
        atLeast('players connected during the flood', connected, PLAYERS - 1, `of ${PLAYERS}`, failure),
        info('their time to connect (median)', times.length > 0 ? median(times) : Number.NaN, 'ms'),
        atMost(
          'certificate validations per second',
          (after.validations - before.validations) / seconds,
          20,
          '/s',
        ),
        info(
          'platform RSS after the flood',
          after.rss / 2 ** 20,
          'MiB',
          `before ${(before.rss / 2 ** 20).toFixed(0)} MiB`,
        ),
      ];
    } finally {
      await flooder.close();
      await platform.close();
    }
  },
};
