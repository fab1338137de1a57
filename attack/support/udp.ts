// UDP for the attack suite: lobby certificates, real v0 clients, bound raw sockets (AUTH datagrams: auth-datagram.ts).
import { buildCertificate, Client, type ClientOptions, httpCertificateValidator } from '@paperclip/net';
import { decryptAccountKey } from '@paperclip/platform';
import { field, http } from './http.ts';
import type { Account } from './platform.ts';

/** A lobby's UDP address from a /lobby/create answer. */
export interface LobbyAddress {
  id: number;
  host: string;
  port: number;
}

/** Creates a lobby of `game` as `account`; throws unless 201. */
export async function createLobby(
  url: string,
  account: Account,
  game = 'Echo',
  from?: string,
): Promise<LobbyAddress> {
  const answer = await http(url, '/lobby/create', {
    method: 'POST',
    authorization: account.auth,
    body: { 'game-name': game },
    ...(from === undefined ? {} : { from }),
  });
  if (answer.status !== 201) throw new Error(`/lobby/create answered ${answer.status}: ${answer.text}`);
  const [host, port] = field(answer, 'lobby-addr') as [string, number];
  return { id: field(answer, 'lobby-id') as number, host, port };
}

/** The certificate a lobby accepts for `account`: signed by its key, which the password decrypts. */
export async function lobbyCertificate(url: string, account: Account): Promise<Uint8Array> {
  const key = await http(url, '/auth/key', { authorization: account.auth });
  if (key.status !== 200) throw new Error(`/auth/key answered ${key.status}`);
  const privateKey = decryptAccountKey(Buffer.from(field(key, 'key') as string, 'base64'), account.password);
  return buildCertificate(privateKey, {
    organization: 'Paperclip',
    commonName: '127.0.0.1',
    accountId: account.id,
    username: account.username,
  });
}

/** Connects a real v0 client; resolves to it, or to the refusal's message when it does not get in within `ms`. */
export async function tryConnect(
  url: string,
  lobby: { host: string; port: number },
  certificate: Uint8Array,
  ms = 5000,
  options: ClientOptions = {},
): Promise<{ client?: Client; error?: string }> {
  const client = new Client({
    certificate,
    validator: httpCertificateValidator(url),
    closeTimeoutMs: 300,
    handshakeTimeoutMs: ms,
    ...options,
  });
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect({ host: lobby.host, port: lobby.port }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in time')), ms + 500);
      }),
    ]);
    return { client };
  } catch (error) {
    void client.close().catch(() => {});
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
