// Incoming frames by delivery kind: ordered waits for gaps, sequenced keeps the newest, the others are deduplicated.
import { OrderedReceiver, SequencedFilter } from './channels.ts';
import type { Frame } from './frame-codec.ts';
import type { MessageLimits } from './limits.ts';
import { ReplayWindow } from './replay-window.ts';

/** Where released frames go; set once per connection, so receiving allocates no callback per frame. */
export type FrameSink = (frame: Frame) => void;

/** The limits a FrameReceiver applies. */
export type FrameReceiverLimits = Pick<
  MessageLimits,
  'maxOutOfOrder' | 'reliableUnorderedWindow' | 'unreliableWindow' | 'maxSequencedStreams'
>;

/**
 * Applies each delivery kind's promise on receipt before frames reach the connection:
 * reliable-ordered frames (control included) are released in sequence order and duplicates
 * dropped; unreliable-sequenced frames older than or equal to the newest seen for their id are
 * dropped; reliable-unordered and unreliable frames pass once per frame number (a datagram
 * replayed under a new v0 sequence id is not delivered again; v0 cannot authenticate it).
 */
export class FrameReceiver {
  readonly #ordered: OrderedReceiver<Frame>;
  readonly #sequenced: SequencedFilter;
  readonly #unordered: ReplayWindow;
  readonly #unreliable: ReplayWindow;
  readonly #sink: FrameSink;
  /** Frames dropped as already seen (or too old to tell) by the two replay windows. */
  replaysDropped = 0;

  /** `maxOutOfOrder` bounds the frames held for a gap (more throws LIMIT_EXCEEDED); the windows are bitmaps. */
  constructor(limits: FrameReceiverLimits, sink: FrameSink) {
    this.#ordered = new OrderedReceiver(limits.maxOutOfOrder);
    this.#sequenced = new SequencedFilter(limits.maxSequencedStreams);
    this.#unordered = new ReplayWindow(limits.reliableUnorderedWindow, 'reliableUnorderedWindow');
    this.#unreliable = new ReplayWindow(limits.unreliableWindow, 'unreliableWindow');
    this.#sink = sink;
  }

  /** Takes one decoded frame; passes on whatever it releases, in order. Throws what the sink throws. */
  receive(frame: Frame): void {
    switch (frame.deliveryWire) {
      case 0:
        for (const ready of this.#ordered.push(frame.sequence!, frame)) this.#sink(ready);
        return;
      case 3:
        if (this.#sequenced.accept(frame.messageId, frame.sequence!)) this.#sink(frame);
        return;
      default: {
        const window = frame.deliveryWire === 1 ? this.#unordered : this.#unreliable;
        if (window.accept(frame.sequence ?? 0) === undefined) this.#sink(frame);
        else this.replaysDropped += 1;
      }
    }
  }
}
