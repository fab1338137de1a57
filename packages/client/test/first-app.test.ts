// docs/FIRST-APP.md: its code blocks are exactly the example files, and the Node server and client work as described.
// (test/docs-code-blocks.test.ts runs the guide's shell commands on these files and counts the file blocks as covered here.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connectWebSocket } from '@paperclip/net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedFiles } from '../../../test/support/doc-blocks/fenced-blocks.ts';
import { sayOnce } from '../examples/first-app/client.ts';
import { ChatPost, ChatSend, registry } from '../examples/first-app/messages.ts';
import { startServer } from '../examples/first-app/server.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const guide = readFileSync(`${repoRoot}docs/FIRST-APP.md`, 'utf8');

describe('docs/FIRST-APP.md', () => {
  const blocks = embeddedFiles(guide);

  it('shows every example file', () => {
    expect(blocks.map((block) => block.path.split('/').pop())).toEqual([
      'messages.ts',
      'server.ts',
      'client.ts',
      'browser.ts',
      'index.html',
    ]);
  });

  it.each(blocks.map((block) => [block.path, block.code]))('embeds %s verbatim', (path, code) => {
    expect(code).toBe(readFileSync(`${repoRoot}${path}`, 'utf8'));
  });
});

describe('first app (Node parts)', () => {
  let app: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    app = await startServer({ ws: 0, udp: 0 });
  });
  afterAll(() => app.server.close());

  it('a Node client over UDP sees its own post relayed, and a WebSocket client sees it too', async () => {
    const watcher = connectWebSocket(app.websocketUrl, { registry, token: 'watcher' });
    await watcher.waitForConnection(5000);
    const seen = new Promise((resolve) => watcher.onMessage(ChatPost, resolve));
    expect(await sayOnce(app.udpAddress, 'node-client', 'hello from Node')).toEqual({
      from: 'node-client',
      text: 'hello from Node',
    });
    expect(await seen).toEqual({ from: 'node-client', text: 'hello from Node' });
    expect(() => watcher.send(ChatPost, { from: 'x', text: 'y' })).toThrowError(/only be sent by the server/);
    await watcher.close();
  });

  it('refuses a client without a token, with the server’s sentence', async () => {
    const anonymous = connectWebSocket(app.websocketUrl, { registry });
    await expect(anonymous.waitForConnection(5000)).rejects.toMatchObject({
      code: 'PC_MSG_UNAUTHORIZED',
      message: 'Say who you are.',
    });
  });

  it('ignores nothing silently: an empty chat line is a typed INVALID_PAYLOAD error', async () => {
    const sloppy = connectWebSocket(app.websocketUrl, { registry, token: 't', validateOutgoing: false });
    await sloppy.waitForConnection(5000);
    const error = new Promise((resolve) => sloppy.once('error', resolve));
    sloppy.send(ChatSend, { text: '' });
    expect(await error).toMatchObject({ code: 'PC_MSG_INVALID_PAYLOAD', messageName: 'chat:send' });
    await sloppy.close();
  });
});
