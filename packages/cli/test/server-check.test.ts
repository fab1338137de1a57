// The interactive client's start-up check: the platform answers, nothing answers, or something else does.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/cli-errors.ts';
import { checkServer } from '../src/interactive/server-check.ts';
import { startToyPlatform, type ToyPlatform } from './support/interactive-client.ts';

/** An HTTP server on loopback that answers each request with `reply` (or never, when undefined). */
async function httpServer(
  reply: ((response: ServerResponse) => void) | undefined,
): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => reply?.(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('checkServer', () => {
  let test: ToyPlatform;
  const servers: Server[] = [];
  beforeAll(async () => {
    test = await startToyPlatform();
  });
  afterAll(async () => {
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
    await test.close();
  });

  it('resolves when the platform answers', async () => {
    await expect(checkServer(test.platform.url)).resolves.toBeUndefined();
  });

  it('names the address and how to start a server when nothing listens there', async () => {
    const { url, server } = await httpServer(undefined);
    await new Promise((resolve) => server.close(resolve));
    const failure = checkServer(url);
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(
      `No Paperclip server answers at ${url}: start one with \`npm start\` in the Paperclip clone, or give its address with --server <url>.`,
    );
  });

  it('gives up after its timeout when the server accepts but never answers', async () => {
    const { url, server } = await httpServer(undefined);
    servers.push(server);
    await expect(checkServer(url, 50)).rejects.toThrow(`No Paperclip server answers at ${url}`);
  });

  it('says a foreign HTTP server is not a Paperclip platform', async () => {
    const { url, server } = await httpServer((response) =>
      response.writeHead(404, { 'content-type': 'text/html' }).end('<p>not here</p>'),
    );
    servers.push(server);
    await expect(checkServer(url)).rejects.toThrow(
      `The server at ${url} is not a Paperclip platform (it answered 404): give the platform's address with --server <url>.`,
    );
  });
});
