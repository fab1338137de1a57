// LobbyManager with an in-memory game and a manual clock: creation, membership, matchmaking, pruning, scores, log.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServerIdentity, type ServerIdentity } from '../src/auth/server-identity.ts';
import { PlatformError } from '../src/errors.ts';
import { CreationLimits } from '../src/lobbies/creation-limits.ts';
import { echoGame } from '../src/lobbies/echo-game.ts';
import { GameRegistry } from '../src/lobbies/game-plugin.ts';
import { LobbyManager, type LobbyManagerOptions, type LobbyRecords } from '../src/lobbies/lobby-manager.ts';
import { FakeGame, ManualScheduler } from './support/fake-game.ts';
import { closeSocket, twoAdjacentPorts } from './support/udp-ports.ts';

class MemoryRecords implements LobbyRecords {
  next = 1;
  readonly closed: number[] = [];
  async openLobby(): Promise<number> {
    return this.next++;
  }
  async closeLobby(lobbyId: number): Promise<void> {
    this.closed.push(lobbyId);
  }
  readonly scores: { gameId: number; accountId: number; score: number }[] = [];
  async recordScore(score: { gameId: number; accountId: number; score: number }): Promise<void> {
    this.scores.push(score);
  }
}

describe('LobbyManager', () => {
  let identity: ServerIdentity;
  let game: FakeGame;
  let scheduler: ManualScheduler;
  let records: MemoryRecords;
  let manager: LobbyManager;
  beforeAll(async () => {
    identity = await createServerIdentity('Paperclip', '127.0.0.1');
  });
  beforeEach(() => {
    game = new FakeGame(7, 'Fake Game', 2, 2);
    scheduler = new ManualScheduler();
    records = new MemoryRecords();
    manager = new LobbyManager({ ...managerOptions(), maxLobbies: 3 });
  });

  /** The options every manager here shares: the fake game, in-memory records, a manual clock. */
  function managerOptions(): LobbyManagerOptions {
    return {
      registry: new GameRegistry().register(game),
      records,
      scheduler,
      identity,
      host: '127.0.0.1',
      certificateValidationUrl: () => 'http://127.0.0.1:5000/auth/certificate/validate',
      pruneTime: 60,
      heartbeatMinTime: 30,
      heartbeatMaxTime: 120,
      maxClients: undefined,
    };
  }

  it('starts a game server per lobby with the platform identity, limits and validation URL', async () => {
    const lobby = await manager.create(7);
    expect(lobby.id).toBe(1);
    expect(lobby.address).toEqual({ host: '127.0.0.1', port: 41000 });
    const server = game.servers[0]!;
    expect(server.started).toBe(true);
    expect(server.options).toMatchObject({
      maxClients: 2,
      heartbeatMinTime: 30,
      heartbeatMaxTime: 120,
      port: 0,
    });
    expect(server.options.identity).toBe(identity);
    expect(server.options.certificateValidationUrl).toBe('http://127.0.0.1:5000/auth/certificate/validate');
  });

  it('advertises PUBLIC_HOST, else the loopback of the wildcard family, when lobby servers bind a wildcard', async () => {
    const options = { ...managerOptions(), host: '0.0.0.0' };
    const advertised = new LobbyManager({ ...options, advertisedHost: 'play.example.org' });
    expect((await advertised.create(7)).address.host).toBe('play.example.org');
    const local = new LobbyManager(options);
    expect((await local.create(7)).address.host).toBe('127.0.0.1');
    // An IPv6 wildcard may be IPv6-only: ::1 reaches it, 127.0.0.1 might not.
    const v6 = new LobbyManager({ ...options, host: '::' });
    expect((await v6.create(7)).address.host).toBe('::1');
    await advertised.close();
    await local.close();
    await v6.close();
  });

  it('tracks members from join/leave events and reports full lobbies', async () => {
    const lobby = await manager.create(7);
    const server = game.servers[0]!;
    server.join('127.0.0.1:50001', 10);
    expect(lobby.members).toEqual([{ clientAddress: '127.0.0.1:50001', accountId: 10 }]);
    expect(lobby.isFull).toBe(false);
    expect(manager.withMember(10).map((l) => l.id)).toEqual([lobby.id]);
    server.join('127.0.0.1:50002', null);
    expect(lobby.isFull).toBe(true);
    expect(manager.findOpen(7)).toEqual([]);
    expect(manager.withMember(10)).toEqual([]);
    server.leave('127.0.0.1:50002');
    expect(manager.findOpen(7).map((l) => l.id)).toEqual([lobby.id]);
  });

  it('matchmaking joins a lobby with room, else creates one', async () => {
    const first = await manager.matchmake(7);
    expect(first.created).toBe(true);
    game.servers[0]!.join('127.0.0.1:50001', 1);
    const second = await manager.matchmake(7);
    expect(second).toMatchObject({ created: false, lobby: { id: first.lobby.id } });
    game.servers[0]!.join('127.0.0.1:50002', 2);
    const third = await manager.matchmake(7);
    expect(third.created).toBe(true);
    expect(third.lobby.id).not.toBe(first.lobby.id);
  });

  it('prunes a lobby empty for PRUNE_TIME (never one with members) through the scheduled task', async () => {
    expect(scheduler.tasks).toHaveLength(1);
    const idle = await manager.create(7);
    const busy = await manager.create(7);
    game.servers[1]!.join('127.0.0.1:50001', 1);
    scheduler.advance(59_999);
    expect(await manager.prune()).toEqual([]);
    scheduler.advance(1);
    scheduler.tasks[0]!.task();
    await expect.poll(() => manager.get(idle.id)).toBeUndefined();
    expect(game.servers[0]!.stopped).toBe(true);
    expect(records.closed).toEqual([idle.id]);
    expect(manager.get(busy.id)).toBeDefined();
    // The busy lobby empties: its PRUNE_TIME counts from that moment.
    game.servers[1]!.leave('127.0.0.1:50001');
    scheduler.advance(30_000);
    expect(await manager.prune()).toEqual([]);
    scheduler.advance(30_000);
    expect(await manager.prune()).toEqual([busy.id]);
    expect(game.servers[1]!.stopped).toBe(true);
  });

  it('refuses unknown games, bounds the number of lobbies and reports a server that cannot start', async () => {
    await expect(manager.create(99)).rejects.toMatchObject({ code: 'PC_HTTP_GAME_NOT_FOUND', status: 404 });
    game.failNextStart = true;
    await expect(manager.create(7)).rejects.toMatchObject({
      code: 'PC_HTTP_LOBBY_START_FAILED',
      status: 503,
    });
    await manager.create(7);
    await manager.create(7);
    await manager.create(7);
    await expect(manager.create(7)).rejects.toMatchObject({ code: 'PC_HTTP_RATE_LIMITED', status: 429 });
  });

  it('passes one seat per account to every game server by default (SEATS_PER_ACCOUNT)', async () => {
    await manager.create(7);
    expect(game.servers[0]!.options.seatsPerAccount).toBe(1);
    const roomy = new LobbyManager({ ...managerOptions(), seatsPerAccount: 2 });
    await roomy.create(7);
    expect(game.servers[1]!.options.seatsPerAccount).toBe(2);
    await roomy.close();
  });

  it('holds each account to its open-lobby count; a pruned lobby frees a place; others are unaffected', async () => {
    const limited = new LobbyManager({ ...managerOptions(), maxLobbiesPerAccount: 2 });
    const first = await limited.create(7, 1);
    await limited.create(7, 1);
    expect(first.creatorId).toBe(1);
    const refused = await limited.create(7, 1).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'PC_HTTP_RATE_LIMITED',
      status: 429,
      headers: { 'retry-after': '60' },
      message:
        'You already have 2 open lobbies, the most one account may have; join one of them or wait until one closes (an empty lobby closes after 60 s).',
    });
    expect((await limited.create(7, 2)).creatorId).toBe(2);
    scheduler.advance(60_000);
    await limited.prune();
    expect((await limited.create(7, 1)).creatorId).toBe(1);
    await limited.close();
  });

  it('holds each account to its creation rate (sliding minute) with Retry-After, and forgets idle accounts', async () => {
    const limited = new LobbyManager({
      ...managerOptions(),
      maxLobbiesPerAccount: 100,
      lobbyCreationsPerMinute: 3,
    });
    for (let i = 0; i < 3; i++) {
      await limited.create(7, 1);
      scheduler.advance(10_000);
    }
    // 30 s after the first creation: the first leaves the window in 30 s more.
    await expect(limited.create(7, 1)).rejects.toMatchObject({
      status: 429,
      headers: { 'retry-after': '30' },
      message:
        'You created 3 lobbies in the last minute, the most one account may; wait 30 s before creating another.',
    });
    expect((await limited.create(7, 2)).creatorId).toBe(2);
    scheduler.advance(30_000);
    expect((await limited.create(7, 1)).creatorId).toBe(1);
    await limited.close();
  });

  it('remembers creation times only for accounts that created within the last minute', () => {
    const limits = new CreationLimits({ maxOpenPerAccount: 3, perMinute: 10, pruneTime: 60 });
    for (let account = 1; account <= 50; account++) limits.reserve(account, 0, 0);
    expect(limits.trackedAccounts).toBe(50);
    limits.sweep(59_999);
    expect(limits.trackedAccounts).toBe(50);
    limits.sweep(60_000);
    expect(limits.trackedAccounts).toBe(0);
  });

  it('counts lobbies still starting, so parallel creations cannot slip past the per-account count', async () => {
    const limited = new LobbyManager({ ...managerOptions(), maxLobbiesPerAccount: 2 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => limited.create(7, 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    await limited.close();
  });

  it('matchmaking creates a lobby within the asking account limits', async () => {
    const limited = new LobbyManager({ ...managerOptions(), maxLobbiesPerAccount: 1 });
    const made = await limited.matchmake(7, 5);
    expect(made).toMatchObject({ created: true, lobby: { creatorId: 5 } });
    game.servers[0]!.join('127.0.0.1:50001', 1);
    game.servers[0]!.join('127.0.0.1:50002', 2);
    await expect(limited.matchmake(7, 5)).rejects.toMatchObject({ status: 429 });
    expect((await limited.matchmake(7, 6)).created).toBe(true);
    await limited.close();
  });

  it("hands each game server a score recorder bound to its own game and the platform's log", async () => {
    const events: [string, Record<string, unknown>][] = [];
    const logged = new LobbyManager({
      ...managerOptions(),
      onEvent: (event, details) => events.push([event, details]),
    });
    const lobby = await logged.create(7);
    const server = game.servers[0]!;
    await server.options.scores.record([
      { accountId: 10, score: 3 },
      { accountId: 11, score: 1 },
    ]);
    expect(records.scores).toEqual([
      { gameId: 7, accountId: 10, score: 3 },
      { gameId: 7, accountId: 11, score: 1 },
    ]);
    server.options.log.warn('peer misbehaved', { peer: '127.0.0.1:50001' });
    expect(events).toEqual([
      ['peer misbehaved', { lobbyId: lobby.id, game: 'Fake Game', peer: '127.0.0.1:50001' }],
    ]);
    await logged.close();
  });

  it('with LOBBY_PORTS binds real UDP servers inside the range, skips a port another socket holds, and answers 503 when all are taken', async () => {
    const { first, second, port } = await twoAdjacentPorts();
    // The range's first port stays held by a socket that is not a lobby; the second is free for one.
    await closeSocket(second);
    const ranged = new LobbyManager({
      ...managerOptions(),
      registry: new GameRegistry().register(echoGame),
      ports: { first: port, last: port + 1 },
    });
    try {
      expect((await ranged.create(echoGame.id)).address).toEqual({ host: '127.0.0.1', port: port + 1 });
      const full = await ranged.create(echoGame.id).catch((error: unknown) => error);
      expect(full).toBeInstanceOf(PlatformError);
      expect(full).toMatchObject({
        status: 503,
        key: 'LOBBY_PORTS_EXHAUSTED',
        headers: { 'retry-after': '60' },
      });
      expect((full as Error).message).toBe(
        `Every UDP port of the lobby range ${port}-${port + 1} (LOBBY_PORTS) is in use; try again when a lobby closes.`,
      );
      // The other program lets go of its port: the next lobby gets it.
      await closeSocket(first);
      expect((await ranged.create(echoGame.id)).address.port).toBe(port);
    } finally {
      await closeSocket(first);
      await ranged.close();
    }
  });

  it('close() stops every lobby and the prune timer', async () => {
    await manager.create(7);
    await manager.create(7);
    await manager.close();
    expect(game.servers.every((s) => s.stopped)).toBe(true);
    expect(manager.all()).toEqual([]);
    expect(scheduler.tasks).toHaveLength(0);
  });
});
