// Storage on SQLite and PostgreSQL: migrations, accounts, lockout counters, friends, games, scores, lobbies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsStore } from '../src/storage/accounts-store.ts';
import type { PlatformDatabase } from '../src/storage/database.ts';
import { createDatabase, isUniqueViolation, redactUrl } from '../src/storage/database.ts';
import { GamesStore } from '../src/storage/games-store.ts';
import { migrateToLatest } from '../src/storage/migrations.ts';
import { DIALECTS, openTestDatabase } from './support/databases.ts';

const account = (username: string) => ({
  username,
  passwordHash: 'scrypt$2$1$1$AA==$AA==',
  privateKey: Buffer.from([1, 2, 3]),
  publicKey: Buffer.from([4, 5, 6]),
  createdAt: 1_700_000_000_000,
});

describe.each(DIALECTS)('storage on %s', (dialect) => {
  let database: PlatformDatabase;
  let accounts: AccountsStore;
  let games: GamesStore;
  beforeAll(async () => {
    database = await openTestDatabase(dialect, 'storage');
    accounts = new AccountsStore(database.db);
    games = new GamesStore(database.db);
  });
  afterAll(async () => database.close());

  it('applies the initial migration once; a second run applies nothing', async () => {
    expect(database.applied[0]).toBe('2026-11-22T00-00-00_initial');
    expect(database.applied).toContain('2026-12-01T03-00-00_friend_requests');
    expect(await migrateToLatest(database.db, database.dialect)).toEqual([]);
  });

  it('creates and reads accounts (binary keys round-trip), usernames are unique and case-insensitive', async () => {
    const created = await accounts.create(account('Mario'));
    expect(created.id).toBeGreaterThan(0);
    const read = await accounts.get(created.id);
    expect(read).toMatchObject({
      username: 'Mario',
      privateKey: Buffer.from([1, 2, 3]),
      publicKey: Buffer.from([4, 5, 6]),
    });
    // Lookups go through the canonical form (finding 11): any case finds the account.
    expect((await accounts.findByUsername('mARIO'))?.username).toBe('Mario');
    expect(await accounts.findByUsername("Mario' OR '1'='1")).toBeUndefined();
    const duplicate = await accounts.create(account('Mario')).catch((error: unknown) => error);
    expect(isUniqueViolation(duplicate)).toBe(true);
    const tricky = `x'); DELETE FROM account; --`;
    await accounts.create(account(tricky));
    expect((await accounts.findByUsername(tricky))?.username).toBe(tricky);
    expect(await accounts.findByUsername('Mario')).toBeDefined();
  });

  it('counts failed logins atomically and stores lock times beyond 32 bits', async () => {
    const { id } = await accounts.create(account('Bowser'));
    expect(await accounts.getLockout(id)).toEqual({ failedLogins: 0, lockedUntil: 0 });
    const counts = await Promise.all([1, 2, 3, 4].map(() => accounts.recordFailedLogin(id)));
    expect(counts.sort()).toEqual([1, 2, 3, 4]);
    await accounts.setLockout(id, { failedLogins: 0, lockedUntil: 1_800_000_000_123 });
    expect(await accounts.getLockout(id)).toEqual({ failedLogins: 0, lockedUntil: 1_800_000_000_123 });
  });

  // Friend edges (requests, acceptance, limits, blocks): social-store.test.ts.

  it('upserts games, finds them by id and case-insensitive name, records scores and lobby rows', async () => {
    await games.upsertGame({ id: 1, name: 'RPS', minPlayers: 2, maxPlayers: 2 });
    await games.upsertGame({ id: 1, name: 'RPS', minPlayers: 2, maxPlayers: 4 });
    expect(await games.getGame(1)).toEqual({ id: 1, name: 'RPS', minPlayers: 2, maxPlayers: 4 });
    expect((await games.findGameByName('rps'))?.id).toBe(1);
    expect(await games.findGameByName('%')).toBeUndefined();
    const player = await accounts.create(account('Toad'));
    for (const score of [5, 9, 7]) await games.recordScore({ accountId: player.id, gameId: 1, score });
    expect((await games.topScores(1, 2)).map((s) => s.score)).toEqual([9, 7]);
    const lobbyId = await games.openLobby(1, '127.0.0.1', 40000, 1_700_000_000_000);
    const other = await games.openLobby(1, '127.0.0.1', 40001, 1_700_000_000_000);
    expect(other).toBeGreaterThan(lobbyId);
    await games.closeLobby(lobbyId, 1_700_000_001_000);
    expect(await games.closeStaleLobbies(1_700_000_002_000)).toBe(1);
  });
});

describe('createDatabase', () => {
  it('fails loudly, with the URL redacted, when PostgreSQL is unreachable', async () => {
    await expect(
      createDatabase('postgres://user:hunter2@127.0.0.1:1/test', { schema: 'nowhere' }),
    ).rejects.toThrow(
      /^The database postgres:\/\/user:\*\*\*@127\.0\.0\.1:1\/test \(schema nowhere\) could not be opened: /,
    );
    expect(redactUrl('postgres://u:p@h/db')).toBe('postgres://u:***@h/db');
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(
      createDatabase('postgres://postgres@127.0.0.1:5432/test', { schema: 'x"; DROP SCHEMA public; --' }),
    ).rejects.toThrow(/Invalid PostgreSQL schema name/);
  });
});
