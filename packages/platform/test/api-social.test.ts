// inject() tests of games, lobbies and friends: happy paths, each error, other accounts — on both dialects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PENDING_FRIEND_REQUESTS } from '../src/storage/social-store.ts';
import { DIALECTS } from './support/databases.ts';
import { buildTestApp, errorOf, registerAndLogin, TEST_GAME, type TestApp } from './support/test-app.ts';

describe.each(DIALECTS)('games, lobbies and friends API on %s', (dialect) => {
  let t: TestApp;
  let mario: { auth: string; id: number };
  let peach: { auth: string; id: number };
  let bowser: { auth: string; id: number };
  beforeAll(async () => {
    t = await buildTestApp(dialect, 'api_social');
    mario = await registerAndLogin(t.app, 'Mario', 'ItsAMe123');
    peach = await registerAndLogin(t.app, 'Peach', 'MammaMia!');
    bowser = await registerAndLogin(t.app, 'Bowser', 'M4r10SucK5');
  });
  afterAll(async () => t.close());

  const as = (who: { auth: string }) => ({ authorization: who.auth });

  it('every account route answers 401 without credentials', async () => {
    const routes: [string, string][] = [
      ['GET', '/auth/key'],
      ['GET', '/auth/certificate'],
      ['GET', '/auth/test'],
      ['GET', '/games/'],
      ['GET', '/lobby/all'],
      ['POST', '/lobby/create'],
      ['GET', '/lobby/'],
      ['GET', '/lobby/members'],
      ['GET', '/lobby/find'],
      ['POST', '/lobby/matchmake'],
      ['GET', '/lobby/friends'],
      ['GET', '/friends/'],
      ['GET', '/friends/requests'],
      ['POST', '/friends/add'],
      ['POST', '/friends/accept'],
      ['POST', '/friends/decline'],
      ['DELETE', '/friend/remove'],
    ];
    for (const [method, url] of routes) {
      const response = await t.app.inject({ method: method as 'GET', url, payload: {} });
      expect({ url, ...errorOf(response) }).toMatchObject({ url, status: 401, error: 'unauthorized' });
    }
  });

  it("a token only ever reaches its own account's key and identity, whatever the request carries", async () => {
    const key = await t.app.inject({
      method: 'GET',
      url: `/auth/key?account-id=${mario.id}&username=Mario`,
      headers: as(peach),
      payload: { 'account-id': mario.id, username: 'Mario' },
    });
    expect(key.json()['account-id']).toBe(peach.id);
    const hello = await t.app.inject({
      method: 'GET',
      url: '/auth/test',
      headers: as(peach),
      payload: { username: 'Mario' },
    });
    expect(hello.json()).toEqual({ hello: 'Peach' });
  });

  it('GET /games/ lists hosted games as {id: name}', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/games/', headers: as(mario) });
    expect(response.json()).toEqual({ [String(TEST_GAME.id)]: TEST_GAME.name });
  });

  it('lobby routes: create, get, all, members, find (body on GET or query), full lobbies not offered', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/lobby/create',
      headers: as(mario),
      payload: { 'game-name': TEST_GAME.name },
    });
    expect(created.statusCode).toBe(201);
    const lobby = created.json();
    expect(lobby).toEqual({
      'lobby-id': expect.any(Number),
      'lobby-addr': ['127.0.0.1', 41000],
      'game-id': TEST_GAME.id,
    });
    const lobbyId = lobby['lobby-id'] as number;

    const viaBody = await t.app.inject({
      method: 'GET',
      url: '/lobby/',
      headers: as(peach),
      payload: { 'lobby-id': lobbyId },
    });
    expect(viaBody.json()).toEqual(lobby);
    const viaQuery = await t.app.inject({
      method: 'GET',
      url: `/lobby/?lobby-id=${lobbyId}`,
      headers: as(peach),
    });
    expect(viaQuery.json()).toEqual(lobby);

    const found = await t.app.inject({
      method: 'GET',
      url: '/lobby/find',
      headers: as(peach),
      payload: { 'game-id': TEST_GAME.id },
    });
    expect(found.json()).toEqual(lobby);
    const foundByQuery = await t.app.inject({
      method: 'GET',
      url: `/lobby/find?game-name=fake%20game`,
      headers: as(peach),
    });
    expect(foundByQuery.json()).toEqual(lobby);

    const server = t.game.servers.at(-1)!;
    server.join('127.0.0.1:50001', mario.id);
    server.join('127.0.0.1:50002', peach.id);
    // Members see the member ids; Bowser (no friend of theirs) does not (finding 11).
    const members = await t.app.inject({ method: 'GET', url: '/lobby/members', headers: as(mario) });
    expect(members.json()).toEqual({ [String(lobbyId)]: [mario.id, peach.id] });
    const hidden = await t.app.inject({ method: 'GET', url: '/lobby/members', headers: as(bowser) });
    expect(hidden.json()).toEqual({});
    const all = await t.app.inject({ method: 'GET', url: '/lobby/all', headers: as(bowser) });
    expect(all.json()[String(lobbyId)]).toMatchObject({
      game: { 'game-id': TEST_GAME.id, 'game-name': TEST_GAME.name },
      size: 3,
      members: 2,
      'is-full': false,
    });
    server.join('127.0.0.1:50003', bowser.id);
    const full = await t.app.inject({ method: 'GET', url: '/lobby/all', headers: as(bowser) });
    expect(full.json()[String(lobbyId)]['is-full']).toBe(true);
    const notFound = await t.app.inject({
      method: 'GET',
      url: '/lobby/find',
      headers: as(peach),
      payload: { 'game-id': TEST_GAME.id },
    });
    expect(errorOf(notFound)).toMatchObject({ status: 404, error: 'lobby_not_found' });

    // Matchmaking creates a second lobby since the first is full, then offers it again.
    const made = await t.app.inject({
      method: 'POST',
      url: '/lobby/matchmake',
      headers: as(bowser),
      payload: { 'game-id': TEST_GAME.id },
    });
    expect(made.json()).toMatchObject({ created: true, 'game-id': TEST_GAME.id });
    const again = await t.app.inject({
      method: 'POST',
      url: '/lobby/matchmake',
      headers: as(mario),
      payload: { 'game-id': TEST_GAME.id },
    });
    expect(again.json()).toMatchObject({ created: false, 'lobby-id': made.json()['lobby-id'] });
    for (const address of ['127.0.0.1:50001', '127.0.0.1:50002', '127.0.0.1:50003']) server.leave(address);
  });

  it('lobby routes: 400 for missing or wrongly typed fields, 404 for unknown games and lobbies', async () => {
    const send = (method: 'GET' | 'POST', url: string, payload: object) =>
      t.app.inject({ method, url, headers: as(mario), payload });
    expect(errorOf(await send('POST', '/lobby/create', {}))).toMatchObject({
      status: 400,
      error: 'missing_field',
    });
    expect(errorOf(await send('POST', '/lobby/create', { 'game-id': 'one' })).status).toBe(400);
    expect(errorOf(await send('POST', '/lobby/create', { 'game-id': -1 })).status).toBe(400);
    expect(errorOf(await send('POST', '/lobby/create', { 'game-id': 9999 }))).toMatchObject({
      status: 404,
      error: 'game_not_found',
    });
    expect(errorOf(await send('POST', '/lobby/create', { 'game-name': "x' OR '1'='1" })).status).toBe(404);
    expect(errorOf(await send('GET', '/lobby/find', {})).status).toBe(400);
    expect(errorOf(await send('GET', '/lobby/find', { 'game-name': 'Nope' })).status).toBe(404);
    expect(errorOf(await send('GET', '/lobby/', {}))).toMatchObject({ status: 400, error: 'missing_field' });
    expect(errorOf(await send('GET', '/lobby/', { 'lobby-id': 'abc' })).status).toBe(400);
    expect(errorOf(await send('GET', '/lobby/', { 'lobby-id': 424242 }))).toMatchObject({
      status: 404,
      error: 'lobby_not_found',
    });
    const badQuery = await t.app.inject({ method: 'GET', url: '/lobby/?lobby-id=1e3', headers: as(mario) });
    expect(errorOf(badQuery).status).toBe(400);
    t.game.failNextStart = true;
    expect(errorOf(await send('POST', '/lobby/create', { 'game-id': TEST_GAME.id }))).toMatchObject({
      status: 503,
      error: 'lobby_start_failed',
    });
  });

  it('friends: add is a request (201), accept, list both ways, twice (409), self (400), unknown (404), remove (204)', async () => {
    const add = (who: { auth: string }, username: unknown) =>
      t.app.inject({ method: 'POST', url: '/friends/add', headers: as(who), payload: { username } });
    const accept = (who: { auth: string }, username: unknown) =>
      t.app.inject({ method: 'POST', url: '/friends/accept', headers: as(who), payload: { username } });
    const remove = (who: { auth: string }, username: unknown) =>
      t.app.inject({ method: 'DELETE', url: '/friend/remove', headers: as(who), payload: { username } });
    const list = async (who: { auth: string }) =>
      (await t.app.inject({ method: 'GET', url: '/friends/', headers: as(who) })).json();
    const requests = async (who: { auth: string }) =>
      (await t.app.inject({ method: 'GET', url: '/friends/requests', headers: as(who) })).json();

    const added = await add(mario, 'Peach');
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({
      account: { id: mario.id, username: 'Mario' },
      other: { id: peach.id, username: 'Peach' },
      state: 'invite_sent',
    });
    expect(await list(mario)).toEqual({ friends: [] });
    expect(await requests(peach)).toEqual({ incoming: [{ id: mario.id, username: 'Mario' }], outgoing: [] });
    expect(errorOf(await add(mario, 'Peach'))).toMatchObject({
      status: 409,
      error: 'friend_request_pending',
    });
    expect(errorOf(await accept(mario, 'Peach'))).toMatchObject({
      status: 404,
      error: 'friend_request_not_found',
    });
    const accepted = await accept(peach, 'Mario');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({
      account: { id: peach.id, username: 'Peach' },
      other: { id: mario.id, username: 'Mario' },
      state: 'friend',
    });
    expect(await list(mario)).toEqual({ friends: [{ id: peach.id, username: 'Peach' }] });
    expect(await list(peach)).toEqual({ friends: [{ id: mario.id, username: 'Mario' }] });
    expect(await list(bowser)).toEqual({ friends: [] });
    expect(errorOf(await add(mario, 'Peach'))).toMatchObject({ status: 409, error: 'already_friends' });
    expect(errorOf(await add(peach, 'Mario'))).toMatchObject({ status: 409, error: 'already_friends' });
    expect(errorOf(await add(mario, 'Mario')).status).toBe(400);
    expect(errorOf(await add(mario, 'Nobody'))).toMatchObject({ status: 404, error: 'account_not_found' });
    expect(errorOf(await add(mario, 17)).status).toBe(400);
    expect(errorOf(await add(mario, undefined))).toMatchObject({ status: 400, error: 'missing_field' });
    expect(errorOf(await add(mario, "Peach' OR 1=1 --"))).toMatchObject({ status: 404 });

    // Bowser cannot remove Mario and Peach's friendship: only his own.
    expect(errorOf(await remove(bowser, 'Peach'))).toMatchObject({ status: 404, error: 'not_friends' });
    expect(await list(mario)).toEqual({ friends: [{ id: peach.id, username: 'Peach' }] });
    const removed = await remove(peach, 'Mario');
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect(await list(mario)).toEqual({ friends: [] });
    expect(errorOf(await remove(peach, 'Mario'))).toMatchObject({ status: 404, error: 'not_friends' });
    expect(errorOf(await remove(peach, 'Nobody'))).toMatchObject({ status: 404, error: 'account_not_found' });
    expect(errorOf(await remove(peach, null)).status).toBe(400);

    // remove also withdraws a request that was not answered.
    await add(bowser, 'Mario');
    expect((await remove(bowser, 'Mario')).statusCode).toBe(204);
    expect(await requests(mario)).toEqual({ incoming: [], outgoing: [] });
  });

  it('friends: the number of unanswered requests an account may send is capped (429)', async () => {
    const capped = await buildTestApp(dialect, 'api_social_cap');
    try {
      const sender = await registerAndLogin(capped.app, 'Sender', 'sender-password');
      const add = (username: string) =>
        capped.app.inject({
          method: 'POST',
          url: '/friends/add',
          headers: as(sender),
          payload: { username },
        });
      const limit = DEFAULT_MAX_PENDING_FRIEND_REQUESTS;
      const names = Array.from({ length: limit + 1 }, (_, i) => `target${i}`);
      // Accounts and the first 100 requests are inserted directly: 100 round trips would be slow.
      const db = capped.app.platform.database.db;
      const rows = await db
        .insertInto('account')
        .values(
          names.map((username, i) => ({
            username,
            password_hash: 'x',
            private_key: Buffer.from([1]),
            public_key: Buffer.from([2]),
            created_at: i,
          })),
        )
        .returning('id')
        .execute();
      const now = capped.scheduler.now();
      await db
        .insertInto('friend_edge')
        .values(
          rows.slice(0, limit).flatMap(({ id }) => [
            { source_id: sender.id, destination_id: id, state: 1, updated_at: now },
            { source_id: id, destination_id: sender.id, state: 2, updated_at: now },
          ]),
        )
        .execute();
      expect(errorOf(await add(names[limit]!))).toMatchObject({
        status: 429,
        error: 'too_many_friend_requests',
      });
      expect(errorOf(await add(names[0]!))).toMatchObject({ status: 409, error: 'friend_request_pending' });
    } finally {
      await capped.close();
    }
  });

  it("GET /lobby/friends lists friends' lobbies with room", async () => {
    await t.app.inject({
      method: 'POST',
      url: '/friends/add',
      headers: as(peach),
      payload: { username: 'Bowser' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/friends/accept',
      headers: as(bowser),
      payload: { username: 'Peach' },
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/lobby/create',
      headers: as(bowser),
      payload: { 'game-id': TEST_GAME.id },
    });
    const lobbyId = created.json()['lobby-id'] as number;
    const server = t.game.servers.at(-1)!;
    server.join('127.0.0.1:51001', bowser.id);
    const response = await t.app.inject({ method: 'GET', url: '/lobby/friends', headers: as(peach) });
    expect(response.json()).toEqual([
      {
        account: { 'account-id': bowser.id, username: 'Bowser' },
        lobbies: [{ 'lobby-id': lobbyId, 'game-id': TEST_GAME.id, 'game-name': TEST_GAME.name }],
      },
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/lobby/friends', headers: as(mario) })).json()).toEqual(
      [],
    );
    server.leave('127.0.0.1:51001');
  });

  it('serves the OpenAPI description at /docs/json and the UI at /docs', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    const paths = Object.keys(json.json().paths);
    for (const path of [
      '/auth/register',
      '/auth/certificate/validate',
      '/lobby/create',
      '/friend/remove',
      '/friends/add',
      '/friends/requests',
      '/friends/accept',
      '/friends/decline',
    ]) {
      expect(paths).toContain(path);
    }
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/html/);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/nope?password=secret' });
    expect(errorOf(response)).toMatchObject({
      status: 404,
      error: 'not_found',
      message: 'There is no GET /nope endpoint.',
    });
  });
});
