// The MessageReceiver alone, driven with plain values: dedupe, reassembly, owed ACKs, malformed replies.
import { describe, expect, it } from 'vitest';
import { resolveEndpointOptions } from '../../src/core/endpoint-options.ts';
import { createEndpointStats } from '../../src/core/events.ts';
import { MessageReceiver } from '../../src/core/message-receiver.ts';
import { ReceiveWindow } from '../../src/core/receive-window.ts';
import { seededRandomBytes } from '../../src/testing/seeded-random.ts';
import { decodePacket } from '../../src/wire/codec-v0.ts';
import { Flag, MAX_FRAGMENT_PAYLOAD, PacketType } from '../../src/wire/constants.ts';
import { ChecksumError, ErrorMajor, PacketError, PacketMinor } from '../../src/wire/errors.ts';
import type { AckPacket, DefaultPacket, ErrorPacket, Packet } from '../../src/wire/packet.ts';
import { sealDatagrams } from '../../src/wire/seal-datagrams.ts';
import { payloadFor } from '../support/endpoints.ts';

type Overrides = {
  ownsReceivedDatagrams?: boolean;
  errorReplyIntervalMs?: number;
  fragmentTimeoutMs?: number;
};

/** A receiver with the plain values a Connection would give it, and what it sent. */
function receiver(overrides: Overrides = {}) {
  const options = resolveEndpointOptions({
    role: 'server',
    certificate: new Uint8Array(0),
    randomBytes: seededRandomBytes(1),
    ...overrides,
  });
  const sent: Uint8Array[] = [];
  const stats = createEndpointStats();
  const received = new ReceiveWindow();
  let next = 1000;
  const messages = new MessageReceiver({
    options,
    stats,
    received,
    sequence: () => next++,
    transmit: (datagram) => sent.push(datagram),
  });
  const take = (): Packet[] => sent.splice(0).map((datagram) => decodePacket(datagram));
  return { messages, stats, received, take };
}

/** The DEFAULT packets of one message as they come off the wire. */
function packets(sequenceId: number, payload: Uint8Array, flags: number): DefaultPacket[] {
  return sealDatagrams(sequenceId, payload, { flags, randomBytes: seededRandomBytes(sequenceId) }).map(
    (datagram) => decodePacket(datagram) as DefaultPacket,
  );
}

function one(sequenceId: number, flags: number, size = 32): DefaultPacket {
  const [packet] = packets(sequenceId, payloadFor(sequenceId, size), flags);
  return packet!;
}

describe('MessageReceiver (plain values, no Endpoint)', () => {
  it('unreliable: delivers the data and owes no ACK', () => {
    const { messages, stats, take } = receiver();
    const delivery = messages.deliver(0, one(1, 0), undefined);
    expect(delivery).toEqual({ data: payloadFor(1), ackOwed: false });
    expect(messages.acksOwed).toBe(0);
    messages.flushAcks();
    expect(take()).toEqual([]);
    expect(stats.messagesDelivered).toBe(1);
  });

  it('reliable: delivers and owes an ACK, sent by flushAcks() from our own sequence', () => {
    const { messages, stats, take } = receiver();
    expect(messages.deliver(0, one(7, Flag.RELIABLE), undefined)).toEqual({
      data: payloadFor(7),
      ackOwed: true,
    });
    expect(messages.acksOwed).toBe(1);
    messages.flushAcks();
    const [ack] = take() as AckPacket[];
    expect([ack?.type, ack?.sequenceId, ack?.ackId, ack?.ackBits]).toEqual([PacketType.ACK, 1000, 7, 0]);
    expect(stats.acksSent).toBe(1);
    expect(messages.acksOwed).toBe(0);
  });

  it('coalesces the ACKs owed since the last flush through the ack bits', () => {
    const { messages, take } = receiver();
    for (const id of [1, 2, 3]) messages.deliver(0, one(id, Flag.RELIABLE), undefined);
    messages.flushAcks();
    const acks = take() as AckPacket[];
    expect(acks.map((ack) => [ack.ackId, ack.ackBits])).toEqual([[3, 0xc000]]);
  });

  it('suppresses duplicates: a reliable one is acknowledged again, an unreliable one yields nothing', () => {
    const { messages, stats } = receiver();
    const reliable = one(4, Flag.RELIABLE);
    messages.deliver(0, reliable, undefined);
    messages.flushAcks();
    expect(messages.deliver(1, reliable, undefined)).toEqual({ data: undefined, ackOwed: true });
    expect(messages.acksOwed).toBe(1);
    const unreliable = one(5, 0);
    messages.deliver(2, unreliable, undefined);
    expect(messages.deliver(3, unreliable, undefined)).toBeUndefined();
    expect(stats.duplicatesSuppressed).toBe(2);
    expect(stats.messagesDelivered).toBe(2);
  });

  it('reassembles fragments in any order and delivers the message once, when it is whole', () => {
    const { messages } = receiver();
    const payload = payloadFor(9, MAX_FRAGMENT_PAYLOAD * 2 + 10);
    const fragments = packets(9, payload, Flag.RELIABLE);
    expect(fragments.length).toBe(3);
    const [a, b, c] = fragments as [DefaultPacket, DefaultPacket, DefaultPacket];
    expect(messages.deliver(0, c, undefined)).toBeUndefined();
    expect(messages.deliver(0, a, undefined)).toBeUndefined();
    expect(messages.nextDeadline()).toBeDefined();
    expect(messages.acksOwed).toBe(0); // nothing is acknowledged before the message is whole
    expect(messages.deliver(0, b, undefined)).toEqual({ data: payload, ackOwed: true });
    expect(messages.nextDeadline()).toBeUndefined();
    expect(messages.deliver(1, a, undefined)).toEqual({ data: undefined, ackOwed: true }); // a late copy
  });

  it('drops a fragmented message that waited past fragmentTimeoutMs', () => {
    const { messages } = receiver({ fragmentTimeoutMs: 500 });
    const [a, b] = packets(3, payloadFor(3, MAX_FRAGMENT_PAYLOAD + 1), Flag.FRAG) as [
      DefaultPacket,
      DefaultPacket,
    ];
    messages.deliver(0, a, undefined);
    expect(messages.nextDeadline()).toBe(500);
    messages.expire(500);
    expect(messages.nextDeadline()).toBeUndefined();
    expect(messages.deliver(501, b, undefined)).toBeUndefined(); // its first half is gone
  });

  it('hands the application a copy unless the driver gave its buffer for good', () => {
    const copied = one(1, 0);
    const data = receiver().messages.deliver(0, copied, undefined)?.data;
    expect(data).toEqual(copied.data);
    expect(data?.buffer).not.toBe(copied.data.buffer);

    const owned = one(2, 0);
    const view = receiver({ ownsReceivedDatagrams: true }).messages.deliver(0, owned, undefined)?.data;
    expect(view).toBe(owned.data);
  });

  it('throws PacketError for a message that cannot be opened, and leaves it unacknowledged and undelivered', () => {
    const { messages, received } = receiver();
    const good = one(6, Flag.RELIABLE | Flag.CHECKSUM);
    const corrupt = { ...good, data: good.data.map((byte, i) => (i === 0 ? byte ^ 0xff : byte)) };
    expect(() => messages.deliver(0, corrupt, undefined)).toThrow(ChecksumError);
    expect(received.has(6)).toBe(false);
    expect(messages.acksOwed).toBe(0);
    // The sender's retransmission heals it.
    expect(messages.deliver(1, good, undefined)?.data).toEqual(payloadFor(6));
    // ENCRYPTED before a session key exists is malformed too.
    expect(() => messages.deliver(2, one(8, Flag.ENCRYPTED), undefined)).toThrow(PacketError);
  });

  it('replies ERROR PACKET/<minor> to malformed datagrams at most once per errorReplyIntervalMs', () => {
    const { messages, stats, take } = receiver({ errorReplyIntervalMs: 1_000 });
    const error = new ChecksumError('bad CRC');
    messages.replyMalformed(0, error);
    const [reply] = take() as ErrorPacket[];
    expect([reply?.type, reply?.major, reply?.minor]).toEqual([
      PacketType.ERROR,
      ErrorMajor.PACKET,
      PacketMinor.CHECKSUM,
    ]);
    messages.replyMalformed(999, error);
    expect(take()).toEqual([]);
    messages.replyMalformed(1_000, error);
    expect(take().length).toBe(1);
    expect([stats.errorRepliesSent, stats.errorRepliesSuppressed]).toEqual([2, 1]);
  });

  it('clearAcks() forgets what is owed (the connection is gone)', () => {
    const { messages, take } = receiver();
    messages.deliver(0, one(1, Flag.RELIABLE), undefined);
    messages.clearAcks();
    messages.flushAcks();
    expect(take()).toEqual([]);
  });
});
