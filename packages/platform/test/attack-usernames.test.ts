// Finding 11 (identity hygiene, usernames): look-alike names cannot register next to an existing one,
// names are canonical (PRECIS UsernameCaseMapped), and a ":" is refused with a clear sentence.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalUsername,
  usernameProblem,
  usernameSkeleton,
  usernamesConfusable,
  utsSkeleton,
} from '../src/auth/usernames.ts';
import { AccountsStore } from '../src/storage/accounts-store.ts';
import { assignCanonicals, usernameCanonicalMigration } from '../src/storage/username-canonical-migration.ts';
import { DIALECTS, openTestDatabase } from './support/databases.ts';
import { basic, buildTestApp, errorOf, type TestApp } from './support/test-app.ts';

const LOOKALIKES: readonly [string, string][] = [
  ['capital letter', 'Alice'],
  ['trailing space', 'alice '],
  ['leading space', ' alice'],
  ['zero-width space', 'alice\u200B'],
  ['zero-width joiner', 'al\u200Dice'],
  ['byte order mark', '\uFEFFalice'],
  ['Cyrillic а', '\u0430lice'],
  ['Greek ο in a name with o', 'b\u03BFb'],
  ['right-to-left override', '\u202Eecila'],
  ['combining acute accent', 'alice\u0301'],
  ['capital I for l', 'aIice'],
  ['full-width letters', '\uFF41\uFF4C\uFF49\uFF43\uFF45'],
];

async function register(app: FastifyInstance, username: string) {
  return app.inject({
    method: 'POST',
    url: '/auth/register',
    payload: { username, password: 'correct horse' },
  });
}

describe.each(DIALECTS)('finding 11: look-alike usernames cannot register next to alice (%s)', (dialect) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp(dialect, 'attack_usernames');
    for (const name of ['alice', 'bob']) expect((await register(test.app, name)).statusCode).toBe(201);
  });
  afterAll(() => test?.close());

  it.each(LOOKALIKES)('refuses %s (%j) with a 400 and a clear sentence', async (_, name) => {
    const refused = errorOf(await register(test.app, name));
    expect(refused.status, `${JSON.stringify(name)} registered next to alice`).toBe(400);
    expect(['username_taken', 'username_confusable', 'username_invalid']).toContain(refused.error);
    expect(refused.message).toMatch(/^[A-Z].*\.$/);
  });

  it('refuses a name with ":" at registration, saying why', async () => {
    const refused = errorOf(await register(test.app, 'carol:smith'));
    expect(refused).toMatchObject({ status: 400, error: 'username_invalid' });
    expect(refused.message).toContain('":"');
  });

  it('finds alice under any case when she logs in', async () => {
    const token = await test.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic('ALICE', 'correct horse') },
    });
    expect(token.statusCode).toBe(200);
  });

  it('still registers names that only look different (José next to Jose is refused, Josh is not)', async () => {
    expect((await register(test.app, 'Josh')).statusCode).toBe(201);
    expect((await register(test.app, 'Jose')).statusCode).toBe(201);
    expect(errorOf(await register(test.app, 'José')).error).toBe('username_confusable');
  });
});

describe('finding 11: canonical usernames (PRECIS UsernameCaseMapped) and UTS #39 skeletons', () => {
  it('maps case and width and composes to NFC', () => {
    expect(canonicalUsername('Alice')).toBe('alice');
    expect(canonicalUsername('\uFF21lice')).toBe('alice');
    expect(canonicalUsername('Jose\u0301')).toBe('jos\u00E9');
    // toLowerCase, not case folding (RFC 8265): ß stays ß.
    expect(canonicalUsername('Straße')).toBe('straße');
  });

  it.each([
    ['empty', ''],
    ['control character', 'a\u0007b'],
    ['tab', 'a\tb'],
    ['word joiner', 'a\u2060b'],
    ['zero-width non-joiner', 'a\u200Cb'],
    ['soft hyphen', 'a\u00ADb'],
    ['variation selector', 'a\uFE0Fb'],
    ['left-to-right mark', 'a\u200Eb'],
    ['isolate', '\u2067ab'],
    ['no-break space inside', 'a\u00A0b'],
    ['two spaces', 'a  b'],
    ['symbol', 'a\u2605b'],
    ['emoji', 'a\u{1F600}'],
    ['ligature', '\uFB01sh'],
    ['superscript digit', 'a\u00B2'],
    ['private use', 'a\uE000'],
    ['unassigned', 'a\u{E0080}'],
    ['leading combining mark', '\u0301a'],
    ['zalgo stack', `a${'\u0489\u0334\u0335\u0336'.repeat(2)}`],
    ['Hebrew mixed with Latin', '\u05E9\u05DC\u05D5\u05DDa'],
    ['colon', 'a:b'],
    ['full-width colon', 'a\uFF1Ab'],
    ['too long', 'a'.repeat(256)],
  ])('rejects a name with %s', (_, name) => {
    expect(usernameProblem(name)).toMatch(/^A username must .*\.$/);
  });

  it.each([
    'alice',
    'Bob_the-builder.2',
    'a b',
    'José',
    'Ωmega',
    '\u05E9\u05DC\u05D5\u05DD',
    '\u5C71\u7530',
    '\u0928\u092E\u0938\u094D\u0924\u0947',
  ])('accepts %j', (name) => {
    expect(usernameProblem(name)).toBeUndefined();
  });

  it('gives look-alikes one skeleton and different names different ones', () => {
    expect(utsSkeleton('\u0430')).toBe('a');
    expect(usernameSkeleton('\u0430lice')).toBe(usernameSkeleton('alice'));
    expect(usernameSkeleton('paypa1')).toBe(usernameSkeleton('paypal'));
    expect(usernameSkeleton('rnario')).toBe(usernameSkeleton('Mario'));
    expect(usernamesConfusable('b0b', 'bob')).toBe(true);
    expect(usernamesConfusable('alice', 'alicia')).toBe(false);
  });
});

describe.each(DIALECTS)('finding 11: the username_canonical migration (%s)', (dialect) => {
  it('backfills existing rows, and colliding legacy names keep working without crashing it', async () => {
    const database = await openTestDatabase(dialect, 'username_migration');
    try {
      await usernameCanonicalMigration.down?.(database.db);
      const insert = (username: string) =>
        // biome-ignore lint/suspicious/noExplicitAny: before the migration the columns do not exist.
        (database.db as any)
          .insertInto('account')
          .values({
            username,
            password_hash: 'x',
            private_key: Buffer.from([1]),
            public_key: Buffer.from([2]),
            created_at: 0,
          })
          .execute();
      for (const name of ['Alice', 'alice', 'ALICE', 'bob']) await insert(name);
      await usernameCanonicalMigration.up(database.db);
      const store = new AccountsStore(database.db);
      expect((await store.findByUsername('aLiCe'))?.username).toBe('alice');
      expect((await store.findByUsername('Alice'))?.username).toBe('Alice');
      expect((await store.findByUsername('ALICE'))?.username).toBe('ALICE');
      expect((await store.findByUsername('BOB'))?.username).toBe('bob');
      expect(await store.findLookalike('b0b')).toBe('bob');
    } finally {
      await database.close();
    }
  });

  it('gives the canonically spelled row the canonical form, else the oldest', () => {
    const assigned = assignCanonicals([
      { id: 1, username: 'Carol' },
      { id: 2, username: 'CAROL' },
      { id: 3, username: 'Dave' },
      { id: 4, username: 'dave' },
    ]);
    expect(assigned.get(1)).toBe('carol');
    expect(assigned.get(2)).toMatch(/:carol$/);
    expect(assigned.get(3)).toMatch(/:dave$/);
    expect(assigned.get(4)).toBe('dave');
  });
});
