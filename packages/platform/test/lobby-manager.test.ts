// LobbyManager with an in-memory game and a manual clock: creation, membership, matchmaking, pruning, scores, log.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServerIdentity, type ServerIdentity } from '../src/auth/server-identity.ts';
import { GameRegistry } from '../src/lobbies/game-plugin.ts';
import { LobbyManager, type LobbyManagerOptions, type LobbyRecords } from '../src/lobbies/lobby-manager.ts';
import { FakeGame, ManualScheduler } from './support/fake-game.ts';

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

  it('close() stops every lobby and the prune timer', async () => {
    await manager.create(7);
    await manager.create(7);
    await manager.close();
    expect(game.servers.every((s) => s.stopped)).toBe(true);
    expect(manager.all()).toEqual([]);
    expect(scheduler.tasks).toHaveLength(0);
  });
});
