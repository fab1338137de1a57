// One contract suite over every carrier: registry sync, mismatch, malformed payloads, rules, close reasons, ping, delivery kinds.

import type { MessageConnection, MessageServerOptions } from '@paperclip/messages';
import { defineMessage, MessageError, MessageRegistry } from '@paperclip/messages';
import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALL_TYPES,
  Chat,
  Hint,
  Kick,
  Nested,
  nextError,
  nextReady,
  Ordered,
  Position,
  registry,
  sendRogue,
  Unordered,
  Unreliable,
} from './support/fixtures.ts';
import { HARNESSES, type HarnessServer } from './support/harnesses.ts';

const WAIT_MS = 10_000;

for (const harness of HARNESSES) {
  describe(`carrier contract: ${harness.name}`, () => {
    let running: HarnessServer | undefined;
    const clients: MessageConnection[] = [];

    async function start(options: Partial<MessageServerOptions> = {}): Promise<HarnessServer> {
      running = await harness.start({ registry, ...options });
      return running;
    }
    async function connect(
      h: HarnessServer,
      options: Parameters<HarnessServer['connect']>[0] = { registry },
    ) {
      const client = h.connect(options);
      clients.push(client);
      return client;
    }

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()));
      await running?.stop();
      running = undefined;
    });

    it('syncs the registry at connect and exchanges typed messages both ways', async () => {
      const h = await start();
      h.server.onMessage(Chat, (payload, connection) =>
        connection.send(Chat, { text: `echo: ${payload.text}` }),
      );
      const client = await connect(h);
      expect(client.state === 'connecting' || client.state === 'handshaking').toBe(true);
      const events: string[] = [];
      client.on('connect', () => events.push('connect'));
      client.on('ready', () => events.push('ready'));
      await client.waitForConnection(WAIT_MS);
      expect(client.state).toBe('active');
      const reply = new Promise<string>((resolve) =>
        client.onMessage(Chat, (payload) => resolve(payload.text)),
      );
      client.send(Chat, { text: 'hello' });
      expect(await reply).toBe('echo: hello');
      expect(events.at(-1)).toBe('ready');
    });

    it('closes with REGISTRY_MISMATCH naming the differing message when schemas differ', async () => {
      const h = await start();
      const serverClose = new Promise((resolve) => h.server.once('close', ({ reason }) => resolve(reason)));
      const otherChat = defineMessage('chat:message', Type.Object({ text: Type.Number() }));
      const mismatched = new MessageRegistry([...ALL_TYPES.filter((type) => type !== Chat), otherChat]);
      const client = await connect(h, { registry: mismatched });
      const failure = await client.waitForConnection(WAIT_MS).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MessageError);
      expect((failure as MessageError).code).toBe('PC_MSG_REGISTRY_MISMATCH');
      expect((failure as MessageError).message).toContain('definitions differ for chat:message');
      expect(await serverClose).toMatchObject({ code: 'PC_MSG_REGISTRY_MISMATCH', remote: true });
    });

    it('closes with REGISTRY_MISMATCH when one side defines a message the other lacks', async () => {
      const h = await start();
      const extra = defineMessage('chat:typing', Type.Object({}));
      const client = await connect(h, { registry: new MessageRegistry([...ALL_TYPES, extra]) });
      const reason = await client.waitForClose(WAIT_MS);
      expect(reason).toMatchObject({ code: 'PC_MSG_REGISTRY_MISMATCH', remote: false });
      expect(reason.message).toContain('only the client defines chat:typing');
    });

    it('answers a malformed payload with a typed error; the handler never sees it', async () => {
      const h = await start();
      const seen: unknown[] = [];
      h.server.onMessage(Chat, (payload) => seen.push(payload));
      const client = await connect(h, { registry, validateOutgoing: false });
      await client.waitForConnection(WAIT_MS);
      const rejected = nextError(client);
      client.send(Chat, { text: 42 } as unknown as { text: string });
      const error = await rejected;
      expect(error.code).toBe('PC_MSG_INVALID_PAYLOAD');
      expect(error.messageName).toBe('chat:message');
      expect(error.message).toContain('/text');
      const echoed = new Promise((resolve) => h.server.once('message', resolve));
      client.send(Chat, { text: 'fine' });
      await echoed;
      expect(seen).toEqual([{ text: 'fine' }]);
      expect(client.state).toBe('active');
    });

    it('refuses to send an invalid payload locally (validateOutgoing default)', async () => {
      const h = await start();
      const client = await connect(h);
      await client.waitForConnection(WAIT_MS);
      expect(() => client.send(Chat, { text: 'x'.repeat(201) })).toThrowError(/chat:message.*invalid/);
    });

    it('enforces msgpack limits (string length, nesting depth) as typed errors', async () => {
      const h = await start({ limits: { payload: { maxStrLength: 16, maxDepth: 4 } } });
      const client = await connect(h);
      await client.waitForConnection(WAIT_MS);
      let error = nextError(client);
      client.send(Nested, 'x'.repeat(17));
      expect((await error).code).toBe('PC_MSG_INVALID_PAYLOAD');
      error = nextError(client);
      client.send(Nested, [[[[['too deep']]]]]);
      expect((await error).message).toMatch(/deeper than 4/);
    });

    it('closes after too many invalid payloads (maxInvalidPayloads)', async () => {
      const h = await start({ limits: { maxInvalidPayloads: 2 } });
      const client = await connect(h, { registry, validateOutgoing: false });
      await client.waitForConnection(WAIT_MS);
      for (let i = 0; i < 3; i++) client.send(Chat, { text: i } as unknown as { text: string });
      expect(await client.waitForClose(WAIT_MS)).toMatchObject({
        code: 'PC_MSG_LIMIT_EXCEEDED',
        remote: true,
      });
    });

    it('rules: a message from the wrong side is ignored (onViolation "ignore")', async () => {
      const h = await start();
      const serverErrors: MessageError[] = [];
      h.server.on('error', ({ error }) => serverErrors.push(error));
      const handled: unknown[] = [];
      h.server.onMessage(Hint, (payload) => handled.push(payload));
      const ready = nextReady(h.server);
      const client = await connect(h);
      await client.waitForConnection(WAIT_MS);
      await ready;
      expect(() => client.send(Hint, { text: 'x' })).toThrowError(/only be sent by the server/);
      const reported = new Promise((resolve) => h.server.once('error', resolve));
      sendRogue(client, Hint, { text: 'sneaky' });
      await reported;
      expect(serverErrors[0]).toMatchObject({ code: 'PC_MSG_RULE_VIOLATION', messageName: 'game:hint' });
      expect(handled).toEqual([]);
      const echoed = new Promise((resolve) => h.server.once('message', resolve));
      client.send(Chat, { text: 'still here' });
      await echoed;
      expect(client.state).toBe('active');
    });

    it('rules: a message from the wrong side closes the connection (onViolation "close")', async () => {
      const h = await start();
      const ready = nextReady(h.server);
      const client = await connect(h);
      await client.waitForConnection(WAIT_MS);
      await ready;
      sendRogue(client, Kick, { who: 'everyone' });
      const reason = await client.waitForClose(WAIT_MS);
      expect(reason).toMatchObject({ code: 'PC_MSG_RULE_VIOLATION', remote: true });
      expect(reason.message).toContain('admin:kick');
    });

    it('close(reason) reaches the peer with its reason, from either side', async () => {
      const h = await start();
      const serverSide = nextReady(h.server);
      const client = await connect(h);
      await client.waitForConnection(WAIT_MS);
      const connection = await serverSide;
      const closedOnServer = connection.waitForClose(WAIT_MS);
      expect(await client.close('see you')).toMatchObject({
        code: 'PC_MSG_NORMAL',
        message: 'see you',
        remote: false,
      });
      expect(await closedOnServer).toMatchObject({ code: 'PC_MSG_NORMAL', message: 'see you', remote: true });
      expect(client.state).toBe('closed');

      const second = nextReady(h.server);
      const client2 = await connect(h);
      await client2.waitForConnection(WAIT_MS);
      await (await second).close('kicked for idling');
      expect(await client2.waitForClose(WAIT_MS)).toMatchObject({
        code: 'PC_MSG_NORMAL',
        message: 'kicked for idling',
        remote: true,
      });
    });

    it('server.close() tells every client SERVER_SHUTDOWN', async () => {
      const h = await start();
      const client = await connect(h);
      await client.waitForConnection(WAIT_MS);
      await h.server.close('maintenance');
      expect(await client.waitForClose(WAIT_MS)).toMatchObject({
        code: 'PC_MSG_SERVER_SHUTDOWN',
        message: 'maintenance',
        remote: true,
      });
    });

    it('authenticates the connect token with the pluggable async check', async () => {
      const h = await start({
        authenticate: async ({ token }) =>
          token === 'good'
            ? { ok: true, identity: { user: 'ada' } }
            : { ok: false, message: 'Token expired.' },
      });
      const ready = nextReady(h.server);
      const good = await connect(h, { registry, token: 'good' });
      await good.waitForConnection(WAIT_MS);
      expect((await ready).identity).toEqual({ user: 'ada' });
      const bad = await connect(h, { registry, token: 'bad' });
      const failure = await bad.waitForConnection(WAIT_MS).catch((error: MessageError) => error);
      expect(failure).toMatchObject({ code: 'PC_MSG_UNAUTHORIZED', message: 'Token expired.' });
    });

    it('refuses connections over maxConnections with SERVER_FULL', async () => {
      const h = await start({ maxConnections: 1 });
      const first = await connect(h);
      await first.waitForConnection(WAIT_MS);
      const second = await connect(h);
      expect(await second.waitForClose(WAIT_MS)).toMatchObject({ code: 'PC_MSG_SERVER_FULL', remote: true });
    });

    it('waitForConnection times out with TIMEOUT while the handshake cannot finish', async () => {
      const h = await start({ authenticate: () => new Promise(() => {}) });
      const client = await connect(h);
      await expect(client.waitForConnection(50)).rejects.toMatchObject({ code: 'PC_MSG_TIMEOUT' });
    });

    it('answers ping with server status and RTT; the answer never exceeds the query', async () => {
      const h = await start({
        status: () => ({ name: 'Test arena', version: '1.2.3', players: 7, games: 2, region: 'eu' }),
      });
      const result = await h.ping(256);
      expect(result.status).toEqual({
        name: 'Test arena',
        version: '1.2.3',
        players: 7,
        games: 2,
        region: 'eu',
      });
      expect(result.truncated).toBe(false);
      expect(result.rttMs).toBeGreaterThanOrEqual(0);
      if (result.answerSize !== undefined) expect(result.answerSize).toBeLessThanOrEqual(result.querySize);
      const small = await start({
        status: { name: 'x', version: '1', players: 0, games: 0, motd: 'y'.repeat(200) },
      });
      const cut = await small.ping(64);
      expect(cut.truncated).toBe(true);
      expect(cut.status.name).toBe('x');
      await small.stop();
    });

    describe('delivery kinds', () => {
      const COUNT = 300;

      /** Sends COUNT messages over 30 event-loop turns, so they travel in many separate packets. */
      async function sendInRounds(send: (i: number) => void): Promise<void> {
        for (let round = 0; round < 30; round++) {
          for (let i = round * 10; i < (round + 1) * 10; i++) send(i);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }

      async function activePair(h: HarnessServer) {
        const serverSide = nextReady(h.server);
        const client = await connect(h);
        await client.waitForConnection(WAIT_MS);
        return { client, connection: await serverSide };
      }

      it('reliable-ordered: every message arrives once, in order', async () => {
        const h = await start();
        const { client, connection } = await activePair(h);
        const got: number[] = [];
        const all = new Promise<void>((resolve) =>
          connection.onMessage(Ordered, ({ i }) => {
            got.push(i);
            if (got.length === COUNT) resolve();
          }),
        );
        await sendInRounds((i) => client.send(Ordered, { i }));
        await all;
        expect(got).toEqual(Array.from({ length: COUNT }, (_, i) => i));
      });

      it('reliable-unordered: every message arrives exactly once', async () => {
        const h = await start();
        const { client, connection } = await activePair(h);
        const got: number[] = [];
        const all = new Promise<void>((resolve) =>
          connection.onMessage(Unordered, ({ i }) => {
            got.push(i);
            if (got.length === COUNT) resolve();
          }),
        );
        await sendInRounds((i) => client.send(Unordered, { i }));
        await all;
        expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
      });

      it('unreliable and unreliable-sequenced: nothing invented; sequenced never goes backwards', async () => {
        const h = await start();
        const { client, connection } = await activePair(h);
        const unreliable: number[] = [];
        const sequenced: number[] = [];
        connection.onMessage(Unreliable, ({ i }) => unreliable.push(i));
        connection.onMessage(Position, ({ i }) => sequenced.push(i));
        const marker = new Promise((resolve) => connection.onMessage(Chat, resolve));
        await sendInRounds((i) => {
          client.send(Unreliable, { i });
          client.send(Position, { i });
        });
        client.send(Chat, { text: 'end' });
        await marker;
        // Stragglers sent before the marker may still be in flight: let the link settle.
        await client.close();
        for (const i of unreliable) expect(i >= 0 && i < COUNT).toBe(true);
        for (let k = 1; k < sequenced.length; k++) expect(sequenced[k]!).toBeGreaterThan(sequenced[k - 1]!);
        expect(new Set(sequenced).size).toBe(sequenced.length);
        if (harness.lossy) {
          expect(h.dropped()).toBeGreaterThan(0);
          expect(sequenced.length).toBeLessThan(COUNT);
        } else {
          expect(unreliable.length).toBe(COUNT);
          expect(sequenced.length).toBe(COUNT);
        }
      });
    });
  });
}
