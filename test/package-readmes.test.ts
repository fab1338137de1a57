// Every package README: its code blocks are exactly the example files, and every example runs as its README says.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { MessageServer } from '@paperclip/messages';
import { WebSocketAcceptor } from '@paperclip/net';
import { describe, expect, it } from 'vitest';
import { Echo, registry } from '../packages/client/examples/readme.ts';
import { helloOverMemory } from '../packages/messages/examples/readme.ts';
import { echoOverUdp } from '../packages/net/examples/readme.ts';
import { registerOnePlayer } from '../packages/platform/examples/readme.ts';
import { exchangeOneMessage } from '../packages/protocol/examples/readme.ts';
import { embeddedFiles } from './support/doc-blocks/fenced-blocks.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

/** The files each README embeds, in order. The cli README shows shell usage, which is not run. */
const EMBEDDED: Record<string, string[]> = {
  protocol: ['packages/protocol/examples/readme.ts'],
  messages: ['packages/messages/examples/readme.ts'],
  net: ['packages/net/examples/readme.ts'],
  client: ['packages/client/examples/readme.ts'],
  platform: ['packages/platform/examples/readme.ts'],
  cli: [],
};

describe.each(Object.entries(EMBEDDED))('packages/%s/README.md', (name, files) => {
  const readme = readFileSync(`${root}packages/${name}/README.md`, 'utf8');
  // `<!-- file: path -->` above a fenced block: the convention docs/FIRST-APP.md uses too.
  const blocks = embeddedFiles(readme);

  it('says how to install the package', () => {
    expect(readme).toContain(`npm install @paperclip/${name}`);
  });

  it('embeds its example files verbatim', () => {
    expect(blocks.map((block) => block.path)).toEqual(files);
    for (const block of blocks) expect(block.code).toBe(readFileSync(`${root}${block.path}`, 'utf8'));
  });

  it('never tells people to run the unrelated `paperclip` npm package', () => {
    // `npx paperclip` only works once @paperclip/cli is installed; a bare `npm install paperclip` never does.
    expect(readme).not.toMatch(/npm (install|i) paperclip\b/);
  });
});

describe('the README examples run', () => {
  it('protocol: two sans-IO endpoints shake hands and deliver one message in memory', () => {
    const { delivered, events } = exchangeOneMessage();
    expect(delivered).toEqual(['hello']);
    expect(events).toEqual(
      expect.arrayContaining(['connect', 'clientJoin', 'data', 'clientLeave', 'closed']),
    );
  });

  it('messages: a MessageServer answers a client over MemoryNetwork with a typed reply', async () => {
    expect(await helloOverMemory('Ada')).toBe('Welcome, Ada!');
  });

  it('net: a UDP MessageServer echoes one typed message from connectUdp', async () => {
    expect(await echoOverUdp('hello over UDP')).toBe('hello over UDP');
  });

  it('client: the browser code echoes one message through a WebSocket server', async () => {
    // The example is browser code: it needs the standard global WebSocket. Node 22 has it; Node 20 behind a flag.
    const server = new MessageServer({ registry });
    server.onMessage(Echo, (echo, connection) => connection.send(Echo, echo));
    const websocket = new WebSocketAcceptor({ host: '127.0.0.1', port: 0 });
    await server.listen(websocket);
    try {
      const example = pathToFileURL(`${root}packages/client/examples/readme.ts`).href;
      const script = `const { echoOnce } = await import(${JSON.stringify(example)});
        console.log(await echoOnce(${JSON.stringify(websocket.url)}, 'hello from a browser API'));`;
      const flags = 'WebSocket' in globalThis ? [] : ['--experimental-websocket', '--no-warnings'];
      const { stdout } = await run(
        process.execPath,
        [...flags, '--conditions=@paperclip/source', '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: root },
      );
      expect(stdout.trim()).toBe('hello from a browser API');
    } finally {
      await server.close();
    }
  });

  it('platform: a platform on a free port with in-memory SQLite registers one player', async () => {
    expect(await registerOnePlayer('mario', 'ItsAMe123')).toBe(1);
  });
});
