// The message types the attack suite's message-layer server and clients share.
import { Delivery, defineMessage, MessageRegistry, Type } from '@paperclip/messages';

const Tagged = Type.Object({ n: Type.Integer({ minimum: 0 }), tag: Type.String({ maxLength: 16 }) });

export const Unreliable = defineMessage('attack:unreliable', Tagged, { delivery: Delivery.UNRELIABLE });
export const Unordered = defineMessage('attack:unordered', Tagged, { delivery: Delivery.RELIABLE_UNORDERED });
export const Ordered = defineMessage('attack:ordered', Tagged, { delivery: Delivery.RELIABLE_ORDERED });
/** Server → client bulk data, to fill a slow reader's buffers. */
export const Blob = defineMessage('attack:blob', Type.Uint8Array({ maxByteLength: 65_536 }), {
  delivery: Delivery.RELIABLE_ORDERED,
  from: 'server',
});

export const attackRegistry = new MessageRegistry([Unreliable, Unordered, Ordered, Blob]);

/** The wire id the server gave a message type (what a hand-made frame must carry). */
export function wireId(name: string): number {
  const entry = attackRegistry.entries.find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`no message type ${name}`);
  return entry.id;
}
