// GET /scores/?game-id=…: stored final scores per account, best first, filters, limits and errors, on both dialects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScoresStore } from '../src/storage/scores-store.ts';
import { DIALECTS } from './support/databases.ts';
import { buildTestApp, errorOf, registerAndLogin, TEST_GAME, type TestApp } from './support/test-app.ts';

describe.each(DIALECTS)('GET /scores/ on %s', (dialect) => {
  let test: TestApp;
  let mario: { auth: string; id: number };
  let peach: { auth: string; id: number };
  beforeAll(async () => {
    test = await buildTestApp(dialect, 'scores');
    mario = await registerAndLogin(test.app, 'Mario');
    peach = await registerAndLogin(test.app, 'Peach');
    const store = new ScoresStore(test.app.platform.database.db);
    await store.recordGame(TEST_GAME.id, [
      { accountId: mario.id, score: 3 },
      { accountId: peach.id, score: 2 },
    ]);
    await store.recordGame(TEST_GAME.id, [
      { accountId: mario.id, score: 1 },
      { accountId: peach.id, score: 4 },
    ]);
    await store.recordGame(TEST_GAME.id, []);
  });
  afterAll(() => test.close());

  const get = (url: string, auth = mario.auth) =>
    test.app.inject({ method: 'GET', url, headers: { authorization: auth } });

  it('lists every account score of the game, highest first, with usernames', async () => {
    const response = await get(`/scores/?game-id=${TEST_GAME.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      'game-id': TEST_GAME.id,
      'game-name': TEST_GAME.name,
      scores: [
        { 'account-id': peach.id, username: 'Peach', score: 4 },
        { 'account-id': mario.id, username: 'Mario', score: 3 },
        { 'account-id': peach.id, username: 'Peach', score: 2 },
        { 'account-id': mario.id, username: 'Mario', score: 1 },
      ],
    });
  });

  it('narrows to one account and bounds the rows; the fields may also be a JSON body', async () => {
    const mine = await get(`/scores/?game-id=${TEST_GAME.id}&account-id=${mario.id}`);
    expect(mine.json().scores.map((row: { score: number }) => row.score)).toEqual([3, 1]);
    const top = await get(`/scores/?game-id=${TEST_GAME.id}&limit=1`);
    expect(top.json().scores).toEqual([{ 'account-id': peach.id, username: 'Peach', score: 4 }]);
    const body = await test.app.inject({
      method: 'GET',
      url: '/scores/',
      headers: { authorization: peach.auth, 'content-type': 'application/json' },
      payload: { 'game-id': TEST_GAME.id, limit: 2 },
    });
    expect(body.json().scores).toHaveLength(2);
  });

  it('refuses a missing or unknown game, a limit over the maximum, and anonymous callers', async () => {
    expect(errorOf(await get('/scores/')).status).toBe(400);
    expect(errorOf(await get('/scores/?game-id=999'))).toMatchObject({
      status: 404,
      error: 'game_not_found',
    });
    expect(errorOf(await get(`/scores/?game-id=${TEST_GAME.id}&limit=1001`)).status).toBe(400);
    const anonymous = await test.app.inject({ method: 'GET', url: `/scores/?game-id=${TEST_GAME.id}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
