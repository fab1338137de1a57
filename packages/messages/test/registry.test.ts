// Registry: names, ids, fingerprints, hash, and the client's adoption of the server's ids.
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { defineMessage } from '../src/define-message.ts';
import { MessageRegistry, registryHash } from '../src/registry.ts';

const A = defineMessage('chat:a', Type.Object({ x: Type.String() }));
const B = defineMessage('chat:b', Type.Object({ y: Type.Number() }), { delivery: 'unreliable' });

describe('defineMessage', () => {
  it('accepts namespace:name and refuses other shapes and the reserved namespace', () => {
    expect(defineMessage('game:state.update', Type.Null()).name).toBe('game:state.update');
    for (const bad of ['nocolon', ':x', 'a:', 'a b:c', 'paperclip:hello', `a:${'x'.repeat(70)}`]) {
      expect(() => defineMessage(bad, Type.Null())).toThrowError(TypeError);
    }
  });

  it('fills rule defaults like peng3dnet SmartPacket: both sides, active state, ignore', () => {
    expect(A).toMatchObject({
      delivery: 'reliable-ordered',
      from: 'both',
      states: ['active'],
      onViolation: 'ignore',
    });
  });
});

describe('MessageRegistry', () => {
  it('assigns ids from 16 in name order, whatever the definition order', () => {
    const registry = new MessageRegistry([B, A]);
    expect(registry.entries.map(({ id, name }) => [id, name])).toEqual([
      [16, 'chat:a'],
      [17, 'chat:b'],
    ]);
    expect(new MessageRegistry([A, B]).hash).toBe(registry.hash);
  });

  it('refuses a name defined twice', () => {
    expect(() => new MessageRegistry([A, defineMessage('chat:a', Type.Null())])).toThrowError(/twice/);
  });

  it('changes the hash when a schema, delivery kind or rule changes', () => {
    const base = new MessageRegistry([A, B]).hash;
    expect(
      new MessageRegistry([
        A,
        defineMessage('chat:b', Type.Object({ y: Type.String() }), { delivery: 'unreliable' }),
      ]).hash,
    ).not.toBe(base);
    expect(
      new MessageRegistry([A, defineMessage('chat:b', Type.Object({ y: Type.Number() }))]).hash,
    ).not.toBe(base);
    expect(
      new MessageRegistry([
        A,
        defineMessage('chat:b', Type.Object({ y: Type.Number() }), {
          delivery: 'unreliable',
          from: 'server',
        }),
      ]).hash,
    ).not.toBe(base);
  });

  it('adopts the server ids even when they differ from its own', () => {
    const client = new MessageRegistry([A, B]);
    const serverEntries = client.entries.map((entry, index) => ({ ...entry, id: 100 + index * 7 }));
    const result = client.adopt(serverEntries, registryHash(serverEntries));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.byName('chat:a')?.id).toBe(100);
    expect(result.table.byId(107)?.type).toBe(B);
  });

  it('explains every difference in a mismatch', () => {
    const client = new MessageRegistry([A, B]);
    const server = new MessageRegistry([
      defineMessage('chat:a', Type.Object({ x: Type.Number() })),
      defineMessage('chat:c', Type.Null()),
    ]);
    const result = client.adopt(server.entries, server.hash);
    expect(result).toEqual({
      ok: false,
      message:
        'Client and server define different messages: only the client defines chat:b; only the server defines chat:c; definitions differ for chat:a.',
    });
  });

  it('rejects a WELCOME whose hash does not match its own entries', () => {
    const registry = new MessageRegistry([A]);
    expect(registry.adopt(registry.entries, '0000000000000000')).toMatchObject({ ok: false });
  });
});
