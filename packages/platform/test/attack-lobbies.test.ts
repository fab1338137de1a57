// Finding 8 (lobby squatting), on a real platform over loopback HTTP + UDP: half-open handshakes take no seat,
// one account takes one seat, and one account cannot create lobbies until everyone else gets 429.
import { generateKeyPairSync } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { buildCertificate, Client, httpCertificateValidator } from '@paperclip/net';
import { encodePacket, PacketType, PROTOCOL_VERSION_V0 } from '@paperclip/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptAccountKey } from '../src/auth/account-keys.ts';
import { loadConfig } from '../src/config.ts';
import type { RunningPlatform } from '../src/server.ts';
import { httpJson, startLoopbackPlatform } from './support/loopback-platform.ts';
import { basic, buildTestApp, TEST_ACCOUNT_KEY_SCRYPT, type TestApp } from './support/test-app.ts';

/** An account on the running platform: its token header and a certificate made from its own key. */
interface Player {
  accountId: number;
  tokenAuth: string;
  certificate: Uint8Array;
}

describe('finding 8: lobby squatting on a real platform (loopback HTTP + UDP)', () => {
  let platform: RunningPlatform;
  /** One squatter and two players, registered once (key generation is the slow part). */
  let squatter: Player;
  let alice: Player;
  let bob: Player;
  const clients: Client[] = [];
  const sockets: Socket[] = [];
  beforeAll(async () => {
    platform = await startLoopbackPlatform('sqlite', 'attack-lobbies', {
      secretKey: 'attack-lobbies-secret-0123456789',
      accountKeyScrypt: TEST_ACCOUNT_KEY_SCRYPT,
      // Echo lobbies get two seats, like an RPS lobby.
      maxClients: 2,
    });
    [squatter, alice, bob] = await Promise.all([register('squatter'), register('alice'), register('bob')]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    for (const socket of sockets) socket.close();
    await platform.close();
  });

  const http = (method: string, path: string, auth: string | undefined, body?: object) =>
    httpJson(platform.url, method, path, auth, body);

  async function register(username: string): Promise<Player> {
    const password = `${username}-password`;
    const registered = await http('POST', '/auth/register', undefined, { username, password });
    expect(registered.status).toBe(201);
    const accountId = registered.json['account-id'] as number;
    const token = (await http('GET', '/auth/token', basic(username, password))).json.token as string;
    const tokenAuth = basic(token, '');
    const key = await http('GET', '/auth/key', tokenAuth);
    const privateKey = decryptAccountKey(Buffer.from(key.json.key, 'base64'), password);
    const certificate = await buildCertificate(privateKey, {
      organization: 'Paperclip',
      commonName: '127.0.0.1',
      accountId,
      username,
    });
    return { accountId, tokenAuth, certificate };
  }

  async function createEchoLobby(player: Player): Promise<{ id: number; host: string; port: number }> {
    const created = await http('POST', '/lobby/create', player.tokenAuth, { 'game-name': 'Echo' });
    expect(created.status).toBe(201);
    const [host, port] = created.json['lobby-addr'] as [string, number];
    return { id: created.json['lobby-id'] as number, host, port };
  }

  async function connect(player: Player, lobby: { host: string; port: number }): Promise<Client> {
    const client = new Client({
      certificate: player.certificate,
      validator: httpCertificateValidator(platform.url),
      handshakeTimeoutMs: 5_000,
    });
    clients.push(client);
    await client.connect({ host: lobby.host, port: lobby.port });
    return client;
  }

  /**
   * The squatter's half-open handshake: one hand-made AUTH (a fresh P-384 key, a certificate that validates),
   * then silence. Resolves when the server has answered it, i.e. the handshake is half-open on the server.
   */
  async function halfOpen(certificate: Uint8Array, lobby: { host: string; port: number }): Promise<void> {
    const socket = createSocket('udp4');
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const auth = encodePacket({
      type: PacketType.AUTH,
      version: PROTOCOL_VERSION_V0,
      flags: 0,
      sequenceId: 0,
      publicKey: publicKey.export({ type: 'spki', format: 'der' }),
      certificate,
      data: new Uint8Array(0),
    });
    const answered = new Promise<void>((resolve) => socket.once('message', () => resolve()));
    socket.send(auth, lobby.port, lobby.host);
    await answered;
  }

  async function lobbyAll(auth: string, lobbyId: number) {
    return (await http('GET', '/lobby/all', auth)).json[String(lobbyId)] as {
      members: number;
      size: number;
      'is-full': boolean;
    };
  }

  it('half-open handshakes neither make /lobby/all report full nor refuse real players', async () => {
    const players = [alice, bob];
    const lobby = await createEchoLobby(squatter);
    // Two handshakes left half-open (as two AUTHs every 8 s did to an RPS lobby before the fix).
    for (let i = 0; i < 2; i++) await halfOpen(squatter.certificate, lobby);

    expect(await lobbyAll(alice.tokenAuth, lobby.id)).toMatchObject({
      members: 0,
      size: 2,
      'is-full': false,
    });
    const matched = await http('POST', '/lobby/matchmake', alice.tokenAuth, { 'game-name': 'Echo' });
    expect(matched.json['lobby-id']).toBe(lobby.id);
    // What /lobby/all promised, the game server keeps: both real players get the two seats.
    for (const player of players) {
      const client = await connect(player, lobby);
      expect(client.connected).toBe(true);
    }
    await expect
      .poll(async () => lobbyAll(alice.tokenAuth, lobby.id))
      .toMatchObject({
        members: 2,
        'is-full': true,
      });
  });

  it('one account cannot take both seats of a lobby (refused with a clear NO_SPACE reason)', async () => {
    const lobby = await createEchoLobby(alice);
    await connect(alice, lobby);
    await expect(connect(alice, lobby)).rejects.toThrow('This account already holds a seat here.');
    expect(await lobbyAll(bob.tokenAuth, lobby.id)).toMatchObject({ members: 1, 'is-full': false });
    const client = await connect(bob, lobby);
    expect(client.connected).toBe(true);
  });
});

describe('finding 8: one account cannot create lobbies until everyone else gets 429', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp('sqlite', 'attack-lobbies-create');
  });
  afterAll(async () => {
    await test.close();
  });

  async function tokenFor(username: string): Promise<string> {
    const password = `${username}-password`;
    const registered = await test.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { username, password },
    });
    expect(registered.statusCode).toBe(201);
    const token = await test.app.inject({
      method: 'GET',
      url: '/auth/token',
      headers: { authorization: basic(username, password) },
    });
    return basic(token.json().token as string, '');
  }

  const create = (auth: string) =>
    test.app.inject({
      method: 'POST',
      url: '/lobby/create',
      headers: { authorization: auth },
      payload: { 'game-id': 7 },
    });

  it('an account is held to 3 open lobbies (429 with Retry-After) while another account still creates', async () => {
    const greedy = await tokenFor('greedy');
    const fair = await tokenFor('fair');
    for (let i = 0; i < 3; i++) expect((await create(greedy)).statusCode).toBe(201);
    const refused = await create(greedy);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().message).toMatch(/3 open lobbies/);
    // Matchmaking may not create a fourth either.
    // (every lobby full, so matchmaking would have to create one)
    for (const server of test.game.servers)
      for (let seat = 0; seat < 3; seat++) server.join(`127.0.0.1:${50_000 + seat}`, 900 + seat);
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: '/lobby/matchmake',
          headers: { authorization: greedy },
          payload: { 'game-id': 7 },
        })
      ).statusCode,
    ).toBe(429);
    expect((await create(fair)).statusCode).toBe(201);
  });
});

describe('finding 8: the lobby limits are configuration with safe defaults', () => {
  it('defaults: 1 seat per account, 3 open lobbies and 10 creations a minute per account, 1000 lobbies', () => {
    expect(loadConfig({})).toMatchObject({
      seatsPerAccount: 1,
      lobbiesPerAccount: 3,
      lobbyCreationsPerMinute: 10,
      maxLobbies: 1000,
    });
  });

  it('reads SEATS_PER_ACCOUNT, LOBBIES_PER_ACCOUNT, LOBBY_CREATIONS_PER_MINUTE and MAX_LOBBIES', () => {
    const env = {
      SEATS_PER_ACCOUNT: '2',
      LOBBIES_PER_ACCOUNT: '5',
      LOBBY_CREATIONS_PER_MINUTE: '30',
      MAX_LOBBIES: '50',
    };
    expect(loadConfig(env)).toMatchObject({
      seatsPerAccount: 2,
      lobbiesPerAccount: 5,
      lobbyCreationsPerMinute: 30,
      maxLobbies: 50,
    });
    expect(() => loadConfig({ SEATS_PER_ACCOUNT: '0' })).toThrow(/SEATS_PER_ACCOUNT/);
  });
});
