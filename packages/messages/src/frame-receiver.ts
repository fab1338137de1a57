// Incoming frames by delivery kind: reliable-ordered waits for gaps, unreliable-sequenced keeps the newest, others pass.
import { OrderedReceiver, SequencedFilter } from './channels.ts';
import type { Frame } from './frame-codec.ts';

/** Where released frames go; set once per connection, so receiving allocates no callback per frame. */
export type FrameSink = (frame: Frame) => void;

/**
 * Applies each delivery kind's promise on receipt before frames reach the connection:
 * reliable-ordered frames (control included) are released in sequence order and duplicates
 * dropped; unreliable-sequenced frames older than or equal to the newest seen for their id are
 * dropped; reliable-unordered and unreliable frames pass straight through.
 */
export class FrameReceiver {
  readonly #ordered: OrderedReceiver<Frame>;
  readonly #sequenced = new SequencedFilter();
  readonly #sink: FrameSink;

  /** `maxOutOfOrder` bounds the frames held for a gap (more throws LIMIT_EXCEEDED). */
  constructor(maxOutOfOrder: number, sink: FrameSink) {
    this.#ordered = new OrderedReceiver(maxOutOfOrder);
    this.#sink = sink;
  }

  /** Takes one decoded frame; passes on whatever it releases, in order. Throws what the sink throws. */
  receive(frame: Frame): void {
    if (frame.deliveryWire === 0) {
      for (const ready of this.#ordered.push(frame.sequence!, frame)) this.#sink(ready);
    } else if (frame.deliveryWire === 3) {
      if (this.#sequenced.accept(frame.messageId, frame.sequence!)) this.#sink(frame);
    } else {
      this.#sink(frame);
    }
  }
}
