// The bench's baseline: bare node:http doing only the unavoidable work of each platform endpoint
// (a static friends list; one scrypt; one RSA-2048 key generation, its scrypt-PBES2 encryption and one scrypt).
// Port from argv[2].
import { randomBytes, scrypt } from 'node:crypto';
import { createServer } from 'node:http';
import { generateAccountKeys } from '../src/auth/account-keys.ts';
import { DEFAULT_SCRYPT_PARAMS } from '../src/auth/passwords.ts';

const friends = JSON.stringify({
  friends: Array.from({ length: 10 }, (_, i) => ({ id: i + 2, username: `friend${i}` })),
});
const { N, r, p } = DEFAULT_SCRYPT_PARAMS;

function hash(): Promise<void> {
  return new Promise((resolve, reject) =>
    scrypt('bench-password', randomBytes(16), 32, { N, r, p, maxmem: 256 * N * r + 2 ** 20 }, (error) =>
      error === null ? resolve() : reject(error),
    ),
  );
}

/** RSA-2048 generation plus the key's encryption under the password (scrypt at the default key cost). */
async function keygen(): Promise<void> {
  await generateAccountKeys('bench-password');
}

const server = createServer((request, response) => {
  const reply = (status: number, body: string) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body);
  };
  request.resume();
  request.on('end', () => {
    if (request.url === '/friends/') return reply(200, friends);
    if (request.url === '/scrypt') return void hash().then(() => reply(200, '{"token":"x"}'));
    if (request.url === '/register') return void Promise.all([hash(), keygen()]).then(() => reply(201, '{}'));
    return reply(404, '{}');
  });
});
server.listen(Number(process.argv[2]), '127.0.0.1');
process.on('SIGTERM', () => server.close());
