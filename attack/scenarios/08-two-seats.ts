// Finding 8: one account takes both seats of a 2-seat lobby (MAX_CLIENTS=2) with two clients.
import { registerAccount, startPlatformChild, withPlatform } from '../support/platform.ts';
import { atMost, type Scenario } from '../support/scenario.ts';
import { createLobby, lobbyCertificate, tryConnect } from '../support/udp.ts';

export const twoSeats: Scenario = {
  finding: 8,
  name: 'one account, two seats',
  run: () =>
    withPlatform(startPlatformChild({ MAX_CLIENTS: '2' }), async (platform) => {
      const greedy = await registerAccount(platform.url, 'greedy');
      const lobby = await createLobby(platform.url, greedy);
      const certificate = await lobbyCertificate(platform.url, greedy);
      const first = await tryConnect(platform.url, lobby, certificate);
      const second = await tryConnect(platform.url, lobby, certificate);
      const seats = [first, second].filter((attempt) => attempt.client !== undefined).length;
      await Promise.all([first.client?.close(), second.client?.close()]);
      return [atMost('seats one account holds', seats, 1, 'seats', second.error)];
    }),
};
