// Finding 11: friendship without consent shows the victim's lobby, and every account reads every lobby's members.
import { http } from '../support/http.ts';
import { registerAccount, sharedPlatform, withPlatform } from '../support/platform.ts';
import { equals, info, type Scenario } from '../support/scenario.ts';
import { createLobby, lobbyCertificate, tryConnect } from '../support/udp.ts';

export const friendConsent: Scenario = {
  finding: 11,
  name: 'friend without consent',
  run: () =>
    withPlatform(sharedPlatform(), async (platform) => {
      const victim = await registerAccount(platform.url, 'friend-victim');
      const stalker = await registerAccount(platform.url, 'friend-stalker');
      const stranger = await registerAccount(platform.url, 'friend-stranger');
      const lobby = await createLobby(platform.url, victim);
      const joined = await tryConnect(platform.url, lobby, await lobbyCertificate(platform.url, victim));
      if (joined.client === undefined)
        throw new Error(`the victim could not join its lobby: ${joined.error}`);
      try {
        const added = await http(platform.url, '/friends/add', {
          method: 'POST',
          authorization: stalker.auth,
          body: { username: 'friend-victim' },
        });
        const friends = await http(platform.url, '/friends/', { authorization: stalker.auth });
        const listed = JSON.stringify(friends.json ?? '').includes('"friend-victim"') ? 1 : 0;
        const lobbies = await http(platform.url, '/lobby/friends', { authorization: stalker.auth });
        const seesLobby = JSON.stringify(lobbies.json ?? '').includes(`"lobby-id":${lobby.id}`) ? 1 : 0;
        const members = await http(platform.url, '/lobby/members', { authorization: stranger.auth });
        const visible = JSON.stringify(members.json ?? '').includes(String(victim.id)) ? 1 : 0;
        return [
          info('stalker adds victim', added.status, 'status'),
          equals('victim listed as friend without consent', listed, 0, 'bool'),
          equals("victim's lobby shown to the stalker", seesLobby, 0, 'bool'),
          equals(
            "stranger reads the lobby's member ids",
            visible,
            0,
            'bool',
            `/lobby/members ${members.status}`,
          ),
        ];
      } finally {
        await joined.client.close();
      }
    }),
};
