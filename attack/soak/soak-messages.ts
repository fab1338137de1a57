// The soak's message types and its order check: every reliable-ordered message carries (client, n), n counting
// from 0 per client and direction, so a receiver can count gaps (losses), repeats and reordering.
import { Delivery, defineMessage, MessageRegistry, Type } from '@paperclip/messages';

const Numbered = Type.Object({
  c: Type.Integer({ minimum: 0 }),
  n: Type.Integer({ minimum: 0 }),
  pad: Type.Uint8Array({ maxByteLength: 64 }),
});

/** Client → server. */
export const Up = defineMessage('soak:up', Numbered, { delivery: Delivery.RELIABLE_ORDERED, from: 'client' });
/** Server → client: the echo of each Up. */
export const Down = defineMessage('soak:down', Numbered, {
  delivery: Delivery.RELIABLE_ORDERED,
  from: 'server',
});
export const soakRegistry = new MessageRegistry([Up, Down]);

/** Counts of one direction. */
export interface OrderCounts {
  /** Messages that arrived as the next expected one. */
  inOrder: number;
  /** Messages whose n was below the next expected one (already seen). */
  duplicates: number;
  /** Messages that skipped ahead (each skipped n counts as lost at that moment). */
  skipped: number;
}

/** Per-sender order check: the next expected n for each client id. */
export class OrderCheck {
  readonly #next = new Map<number, number>();
  readonly counts: OrderCounts = { inOrder: 0, duplicates: 0, skipped: 0 };

  receive(client: number, n: number): void {
    const expected = this.#next.get(client) ?? 0;
    if (n === expected) this.counts.inOrder++;
    else if (n < expected) {
      this.counts.duplicates++;
      return;
    } else this.counts.skipped += n - expected;
    this.#next.set(client, n + 1);
  }

  /** The next expected n of a client (= how many arrived in order, when nothing skipped). */
  next(client: number): number {
    return this.#next.get(client) ?? 0;
  }
}
