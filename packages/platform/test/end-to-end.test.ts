// End to end over real HTTP and UDP: register → token → key → certificate from the key → v0 handshake with
// a lobby's echo server, which validates the certificate through /auth/certificate/validate.
import { buildCertificate, Client, httpCertificateValidator } from '@paperclip/net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptAccountKey } from '../src/auth/account-keys.ts';
import type { RunningPlatform } from '../src/server.ts';
import { DIALECTS } from './support/databases.ts';
import { httpJson, startLoopbackPlatform } from './support/loopback-platform.ts';
import { basic } from './support/test-app.ts';

describe.each(DIALECTS)('platform end to end over HTTP + UDP on %s', (dialect) => {
  let platform: RunningPlatform;
  const clients: Client[] = [];
  beforeAll(async () => {
    platform = await startLoopbackPlatform(dialect, 'e2e', { secretKey: 'e2e-secret-key-0123456789' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await platform.close();
  });

  const http = (method: string, path: string, auth: string | undefined, body?: object) =>
    httpJson(platform.url, method, path, auth, body);

  it('a registered account handshakes with a lobby server, is listed as a member, and gets echoes', async () => {
    const registered = await http('POST', '/auth/register', undefined, {
      username: 'Luigi',
      password: 'green-plumber',
    });
    expect(registered.status).toBe(201);
    const accountId = registered.json['account-id'] as number;
    const token = (await http('GET', '/auth/token', basic('Luigi', 'green-plumber'))).json.token as string;
    const tokenAuth = basic(token, '');
    const key = await http('GET', '/auth/key', tokenAuth);
    expect(key.json['account-id']).toBe(accountId);
    const privateKey = decryptAccountKey(Buffer.from(key.json.key, 'base64'), 'green-plumber');
    const certificate = await buildCertificate(privateKey, {
      organization: 'Paperclip',
      commonName: '127.0.0.1',
      accountId,
      username: 'Luigi',
    });

    const created = await http('POST', '/lobby/create', tokenAuth, { 'game-name': 'Echo' });
    expect(created.status).toBe(201);
    const [host, port] = created.json['lobby-addr'] as [string, number];
    const lobbyId = created.json['lobby-id'] as number;

    const client = new Client({ certificate, validator: httpCertificateValidator(platform.url) });
    clients.push(client);
    await client.connect({ host, port });
    expect(client.connected).toBe(true);
    await expect
      .poll(async () => (await http('GET', '/lobby/members', tokenAuth)).json[String(lobbyId)])
      .toEqual([accountId]);

    const echoed = new Promise<string>((resolve) =>
      client.once('data', (_peer, data) => resolve(Buffer.from(data).toString())),
    );
    client.send(new TextEncoder().encode('hello lobby'), 'RELIABLE,ENCRYPTED');
    expect(await echoed).toBe('hello lobby');

    await client.close();
    // Member lists go only to members and friends: once Luigi has left, the lobby is no longer listed to him.
    await expect
      .poll(async () => (await http('GET', '/lobby/members', tokenAuth)).json[String(lobbyId)])
      .toBeUndefined();
  });

  it('refuses the handshake when the certificate is not signed by the account key', async () => {
    const registered = await http('POST', '/auth/register', undefined, {
      username: 'Boo',
      password: 'ghost-house',
    });
    const accountId = registered.json['account-id'] as number;
    const token = (await http('GET', '/auth/token', basic('Boo', 'ghost-house'))).json.token as string;
    const found = await http('POST', '/lobby/matchmake', basic(token, ''), { 'game-name': 'echo' });
    const [host, port] = found.json['lobby-addr'] as [string, number];
    // A certificate claiming Boo's account id, signed by some other RSA key.
    const { generateKeyPairSync } = await import('node:crypto');
    const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = await buildCertificate(impostor, {
      organization: 'Paperclip',
      commonName: '127.0.0.1',
      accountId,
    });
    const client = new Client({
      certificate: forged,
      validator: httpCertificateValidator(platform.url),
      handshakeTimeoutMs: 5000,
    });
    clients.push(client);
    await expect(client.connect({ host, port })).rejects.toThrow(/certificate/i);
  });
});
