// Finding 11 (identity hygiene, friends): friendship needs the other side's consent, and lobby member ids
// reach only members and accepted friends of members. Runs on both dialects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformClient } from '../src/client/platform-client.ts';
import { DIALECTS } from './support/databases.ts';
import { buildTestApp, errorOf, registerAndLogin, TEST_GAME, type TestApp } from './support/test-app.ts';

type Who = { auth: string; id: number };

describe.each(DIALECTS)('finding 11: friends by consent, lobby members stay private (%s)', (dialect) => {
  let t: TestApp;
  let victim: Who;
  let adder: Who;
  let stranger: Who;
  let lobbyId: number;
  beforeAll(async () => {
    t = await buildTestApp(dialect, 'attack_friends');
    victim = await registerAndLogin(t.app, 'Victim', 'victim-password');
    adder = await registerAndLogin(t.app, 'Adder', 'adder-password');
    stranger = await registerAndLogin(t.app, 'Stranger', 'stranger-password');
    const created = await t.app.inject({
      method: 'POST',
      url: '/lobby/create',
      headers: { authorization: victim.auth },
      payload: { 'game-id': TEST_GAME.id },
    });
    lobbyId = created.json()['lobby-id'] as number;
    t.game.servers.at(-1)!.join('127.0.0.1:52001', victim.id);
  });
  afterAll(async () => t.close());

  const get = async (who: Who, url: string) =>
    (await t.app.inject({ method: 'GET', url, headers: { authorization: who.auth } })).json();
  const post = (who: Who, url: string, username: string) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: who.auth }, payload: { username } });
  /** Every account id that appears in any lobby's member list the caller is shown. */
  const memberIdsSeenBy = async (who: Who) => Object.values(await get(who, '/lobby/members')).flat();

  it('adding someone is only a request: no friendship, no lobby, no member ids until they accept', async () => {
    const added = await post(adder, '/friends/add', 'Victim');
    expect(added.statusCode).toBe(201); // the seed client's add still succeeds

    expect((await get(adder, '/friends/')).friends).toEqual([]);
    expect((await get(victim, '/friends/')).friends).toEqual([]);
    expect(await get(adder, '/lobby/friends')).toEqual([]);
    expect(await memberIdsSeenBy(adder)).not.toContain(victim.id);
    expect(Object.keys(await get(adder, '/lobby/members'))).not.toContain(String(lobbyId));
    expect(added.json()).toMatchObject({ state: 'invite_sent' });

    // The victim sees the pending request and who sent it; the adder sees it as outgoing.
    expect(await get(victim, '/friends/requests')).toEqual({
      incoming: [{ id: adder.id, username: 'Adder' }],
      outgoing: [],
    });
    expect(await get(adder, '/friends/requests')).toEqual({
      incoming: [],
      outgoing: [{ id: victim.id, username: 'Victim' }],
    });
    // Asking again changes nothing.
    expect(errorOf(await post(adder, '/friends/add', 'Victim'))).toMatchObject({
      status: 409,
      error: 'friend_request_pending',
    });
  });

  it('after the other side accepts, both are friends and see each other’s lobby and its members', async () => {
    const accepted = await post(victim, '/friends/accept', 'Adder');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'friend' });
    expect((await get(adder, '/friends/')).friends).toEqual([{ id: victim.id, username: 'Victim' }]);
    expect((await get(victim, '/friends/')).friends).toEqual([{ id: adder.id, username: 'Adder' }]);
    expect(await get(adder, '/lobby/friends')).toEqual([
      {
        account: { 'account-id': victim.id, username: 'Victim' },
        lobbies: [{ 'lobby-id': lobbyId, 'game-id': TEST_GAME.id, 'game-name': TEST_GAME.name }],
      },
    ]);
    expect(await get(adder, '/lobby/members')).toEqual({ [String(lobbyId)]: [victim.id] });
    expect(await get(victim, '/lobby/members')).toEqual({ [String(lobbyId)]: [victim.id] });
    expect(await get(victim, '/friends/requests')).toEqual({ incoming: [], outgoing: [] });
  });

  it('a stranger listing lobbies gets no member ids, only counts', async () => {
    expect(await get(stranger, '/lobby/members')).toEqual({});
    const all = await get(stranger, '/lobby/all');
    expect(all[String(lobbyId)]).toMatchObject({ members: 1, 'is-full': false });
    // /lobby/all carries no member list at all: `members` is a count, and no field but the address is a list.
    for (const entry of Object.values(all) as Record<string, unknown>[]) {
      expect(typeof entry['members']).toBe('number');
      const lists = Object.entries(entry).filter(([, value]) => Array.isArray(value));
      expect(lists.map(([key]) => key)).toEqual(['lobby-addr']);
    }
    expect(await get(stranger, '/lobby/friends')).toEqual([]);
  });

  it('a declined request leaves nothing; adding back accepts a pending request (as Nakama does)', async () => {
    expect((await post(stranger, '/friends/add', 'Victim')).statusCode).toBe(201);
    const declined = await post(victim, '/friends/decline', 'Stranger');
    expect(declined.statusCode).toBe(204);
    expect(await get(stranger, '/friends/requests')).toEqual({ incoming: [], outgoing: [] });
    expect((await get(stranger, '/friends/')).friends).toEqual([]);
    expect(errorOf(await post(victim, '/friends/accept', 'Stranger'))).toMatchObject({
      status: 404,
      error: 'friend_request_not_found',
    });

    expect((await post(stranger, '/friends/add', 'Adder')).json()).toMatchObject({ state: 'invite_sent' });
    const back = await post(adder, '/friends/add', 'Stranger');
    expect(back.statusCode).toBe(201);
    expect(back.json()).toMatchObject({ state: 'friend' });
    expect((await get(stranger, '/friends/')).friends).toEqual([{ id: adder.id, username: 'Adder' }]);
    // A friend of a friend is still a stranger to the victim's lobby.
    expect(await get(stranger, '/lobby/members')).toEqual({});
  });
});

describe('finding 11: the typed client shows pending requests and accepts them', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await buildTestApp('sqlite', 'attack_friends_client');
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => t.close());

  it('addFriend answers invite_sent; the other side lists it, accepts, and both are friends', async () => {
    const client = new PlatformClient(baseUrl);
    await client.register('Asker', 'asker-password');
    await client.register('Asked', 'asked-password');
    const asker = await client.login('Asker', 'asker-password');
    const asked = await client.login('Asked', 'asked-password');
    expect(await asker.addFriend('Asked')).toBe('invite_sent');
    expect(await asker.friends()).toEqual([]);
    expect(await asked.friendRequests()).toEqual({
      incoming: [{ id: asker.account.id, username: 'Asker' }],
      outgoing: [],
    });
    await asked.acceptFriend('Asker');
    expect(await asker.friends()).toEqual([{ id: asked.account.id, username: 'Asked' }]);
    expect(await asked.friendRequests()).toEqual({ incoming: [], outgoing: [] });
    await expect(asked.declineFriend('Asker')).rejects.toMatchObject({ key: 'friend_request_not_found' });
  });
});
