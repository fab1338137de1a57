// The v0 Handshake alone, driven with plain values: datagrams are carried by hand between a client and a server.
import { describe, expect, it } from 'vitest';
import { HandshakeTimeoutError } from '../../src/core/errors.ts';
import { createEndpointStats } from '../../src/core/events.ts';
import { Handshake, type HandshakeOutcome, HandshakePhase } from '../../src/core/handshake.ts';
import { ReceiveWindow } from '../../src/core/receive-window.ts';
import { v0HandshakeSuite } from '../../src/crypto/v0-handshake.ts';
import { seededRandomBytes } from '../../src/testing/seeded-random.ts';
import { decodePacket } from '../../src/wire/codec-v0.ts';
import { Flag, PacketType } from '../../src/wire/constants.ts';
import {
  CertificateInvalidError,
  ConnectionMinor,
  ErrorMajor,
  FinishInvalidError,
  HandshakeError,
} from '../../src/wire/errors.ts';
import type { AckPacket, AuthPacket, ErrorPacket, Packet } from '../../src/wire/packet.ts';
import { openMessage } from '../../src/wire/pipeline.ts';
import { sealDatagrams } from '../../src/wire/seal-datagrams.ts';
import { fakeCertificate } from '../support/endpoints.ts';

const RTO = 100;
const TIMEOUT = 10_000;

/** One side: a Handshake plus the plain values a Connection would give it, and what it sent. */
function side(role: 'server' | 'client', seed: number, firstSequence = 0, handshakeTimeoutMs = TIMEOUT) {
  const sent: Uint8Array[] = [];
  const received = new ReceiveWindow();
  const stats = createEndpointStats();
  let next = firstSequence;
  const certificate = fakeCertificate(seed);
  const handshake = new Handshake(
    {
      role,
      options: { certificate, randomBytes: seededRandomBytes(seed), handshakeTimeoutMs, maxRtoMs: 10_000 },
      suite: v0HandshakeSuite,
      rtt: { rto: RTO },
      received,
      stats,
      sequence: () => next++,
      send: (datagram) => sent.push(datagram),
    },
    0,
  );
  /** Decodes and clears what this side sent, observing nothing (the peer does that on receipt). */
  const take = (): Packet[] => sent.splice(0).map((datagram) => decodePacket(datagram));
  return { handshake, received, stats, certificate, take };
}

function only<T extends Packet['type']>(packets: Packet[], type: T): Extract<Packet, { type: T }> {
  expect(packets.map((p) => p.type)).toEqual([type]);
  return packets[0] as Extract<Packet, { type: T }>;
}

function failedWith(outcome: HandshakeOutcome): unknown {
  expect(outcome.kind).toBe('failed');
  return outcome.kind === 'failed' ? outcome.reason : undefined;
}

/** Runs client AUTH → server validation → server AUTH + Finished; returns both sides and the server's pair. */
function upToServerHello() {
  const client = side('client', 1);
  const server = side('server', 2, 500);
  client.handshake.startClient(0);
  const clientAuth = only(client.take(), PacketType.AUTH);
  server.received.observe(clientAuth.sequenceId);
  expect(server.handshake.acceptClientAuth(clientAuth)).toEqual({
    kind: 'validate',
    certificate: client.certificate,
  });
  expect(server.handshake.completeValidation(1, { valid: true, accountId: 42 })).toEqual({ kind: 'none' });
  const [serverAuth, serverFinished] = server.take() as [AuthPacket, AckPacket];
  return { client, server, clientAuth, serverAuth, serverFinished };
}

describe('Handshake (plain values, no Endpoint)', () => {
  it('client and server reach connected and agree on the session key', () => {
    const { client, server, clientAuth, serverAuth, serverFinished } = upToServerHello();
    expect(server.handshake.phase).toBe(HandshakePhase.AWAIT_FINISHED);
    expect(server.handshake.accountId).toBe(42);
    expect(serverAuth.type).toBe(PacketType.AUTH);
    // AUTH before the Finished ACK, which acknowledges the client's AUTH and carries data.
    expect(serverFinished.type).toBe(PacketType.ACK);
    expect(serverFinished.ackId).toBe(clientAuth.sequenceId);
    expect(serverFinished.data.length).toBeGreaterThan(0);

    const validate = client.handshake.handleAuth(2, serverAuth);
    expect(validate).toEqual({ kind: 'validate', certificate: server.certificate });
    expect(client.handshake.phase).toBe(HandshakePhase.VALIDATING);
    expect(client.handshake.cipher).toBeDefined();
    expect(serverFinished.ackId).toBe(client.handshake.ourAuthSequence);
    expect(client.handshake.handleFinishedAck(serverFinished)).toEqual({ kind: 'none' });
    expect(client.handshake.completeValidation(3, { valid: true, accountId: null })).toEqual({
      kind: 'connected',
    });
    expect(client.handshake.phase).toBe(HandshakePhase.DONE);

    const clientFinished = only(client.take(), PacketType.ACK);
    expect(clientFinished.ackId).toBe(serverAuth.sequenceId);
    expect(server.handshake.handleFinishedAck(clientFinished)).toEqual({ kind: 'connected' });
    expect(server.handshake.phase).toBe(HandshakePhase.DONE);
    // The server acknowledges the client's Finished so the client stops resending it.
    const ack = only(server.take(), PacketType.ACK);
    expect(ack.ackId).toBe(clientFinished.sequenceId);
    expect(ack.data.length).toBe(0);
    expect(server.stats.acksSent).toBe(1);

    const payload = new TextEncoder().encode('sealed by the client');
    const [datagram] = sealDatagrams(7, payload, {
      flags: Flag.ENCRYPTED,
      cipher: client.handshake.cipher,
      randomBytes: seededRandomBytes(9),
    });
    expect(openMessage(decodePacket(datagram!), { cipher: server.handshake.cipher })).toEqual(payload);
  });

  it('client: a Finished arriving after our validation completes the handshake at once', () => {
    const { client, serverAuth, serverFinished } = upToServerHello();
    client.handshake.handleAuth(2, serverAuth);
    expect(client.handshake.completeValidation(3, { valid: true, accountId: null })).toEqual({
      kind: 'none',
    });
    expect(client.handshake.phase).toBe(HandshakePhase.AWAIT_FINISHED);
    expect(client.handshake.handleFinishedAck(serverFinished)).toEqual({ kind: 'connected' });
  });

  it('server: a refused certificate fails with CERTIFICATE_INVALID sent as sequence id 0', () => {
    const client = side('client', 1);
    const server = side('server', 2, 500);
    client.handshake.startClient(0);
    server.handshake.acceptClientAuth(only(client.take(), PacketType.AUTH));
    const reason = failedWith(server.handshake.completeValidation(1, { valid: false, accountId: null }));
    expect(reason).toBeInstanceOf(CertificateInvalidError);
    expect(server.handshake.phase).toBe(HandshakePhase.FAILED);
    const error = only(server.take(), PacketType.ERROR) as ErrorPacket;
    expect([error.sequenceId, error.major, error.minor]).toEqual([
      0,
      ErrorMajor.CONNECTION,
      ConnectionMinor.CERTIFICATE_INVALID,
    ]);
    expect(server.handshake.nextDeadline()).toBeUndefined();
  });

  it('client: a refused server certificate is answered from our own sequence', () => {
    const { client, serverAuth } = upToServerHello();
    client.handshake.handleAuth(2, serverAuth);
    const reason = failedWith(client.handshake.completeValidation(3, { valid: false, accountId: null }));
    expect(reason).toBeInstanceOf(CertificateInvalidError);
    const error = only(client.take(), PacketType.ERROR) as ErrorPacket;
    expect(error.sequenceId).toBe(1); // 0 went to our AUTH
    expect(error.minor).toBe(ConnectionMinor.CERTIFICATE_INVALID);
  });

  it('a Finished that does not match the session key fails with FINISH_INVALID', () => {
    const { client, server, serverAuth } = upToServerHello();
    client.handshake.handleAuth(2, serverAuth);
    client.handshake.completeValidation(3, { valid: true, accountId: null });
    const clientFinished = only(client.take(), PacketType.ACK);
    const tampered = {
      ...clientFinished,
      data: clientFinished.data.map((byte, i) => (i === 0 ? byte ^ 1 : byte)),
    };
    const reason = failedWith(server.handshake.handleFinishedAck(tampered));
    expect(reason).toBeInstanceOf(FinishInvalidError);
    const error = only(server.take(), PacketType.ERROR) as ErrorPacket;
    expect([error.major, error.minor]).toEqual([ErrorMajor.CONNECTION, ConnectionMinor.FINISH_INVALID]);
  });

  it('client: an unusable server public key fails the handshake', () => {
    const { client, serverAuth } = upToServerHello();
    const garbage = { ...serverAuth, publicKey: new Uint8Array(120).fill(0x42) };
    expect(failedWith(client.handshake.handleAuth(2, garbage))).toBeInstanceOf(HandshakeError);
    expect(client.take()).toEqual([]);
  });

  it('gives up a stalled handshake at handshakeTimeoutMs', () => {
    const client = side('client', 1);
    client.handshake.startClient(0);
    expect(client.handshake.nextDeadline()).toBe(RTO); // the AUTH resend comes first
    expect(client.handshake.handleTimeout(TIMEOUT - 1).kind).toBe('none');
    expect(failedWith(client.handshake.handleTimeout(TIMEOUT))).toBeInstanceOf(HandshakeTimeoutError);
    expect(client.handshake.phase).toBe(HandshakePhase.FAILED);
  });

  it('a finished handshake has no give-up deadline; the server never resends on a timer', () => {
    const { client, server, serverAuth, serverFinished } = upToServerHello();
    expect(server.handshake.nextDeadline()).toBe(TIMEOUT);
    client.handshake.handleAuth(2, serverAuth);
    client.handshake.handleFinishedAck(serverFinished);
    client.handshake.completeValidation(3, { valid: true, accountId: null });
    client.handshake.noteServerProgress();
    expect(client.handshake.handleTimeout(TIMEOUT * 2)).toEqual({ kind: 'none' });
    expect(client.handshake.nextDeadline()).toBeUndefined();
  });

  it('client: resends AUTH with exponential backoff, at most 8 sends in all', () => {
    const timeout = 100_000;
    const client = side('client', 1, 0, timeout);
    client.handshake.startClient(0);
    const first = client.take();
    const deadlines: number[] = [];
    for (let at = client.handshake.nextDeadline(); at !== undefined && at < timeout; ) {
      deadlines.push(at);
      expect(client.handshake.handleTimeout(at)).toEqual({ kind: 'none' });
      expect(client.take()).toEqual(first); // the same AUTH bytes again
      at = client.handshake.nextDeadline();
    }
    expect(deadlines).toEqual([100, 300, 700, 1500, 3100, 6300, 12700]);
    expect(client.stats.retransmissions).toBe(7);
    expect(client.handshake.nextDeadline()).toBe(timeout);
  });

  it('client: resends its Finished until the server shows progress, and not while closing', () => {
    const { client, serverAuth, serverFinished } = upToServerHello();
    client.handshake.handleAuth(2, serverAuth);
    client.handshake.handleFinishedAck(serverFinished);
    client.handshake.completeValidation(10, { valid: true, accountId: null });
    const finished = client.take();
    expect(client.handshake.nextDeadline()).toBe(10 + RTO);
    client.handshake.handleTimeout(10 + RTO);
    expect(client.take()).toEqual(finished);

    client.handshake.noteServerProgress();
    client.handshake.handleTimeout(10_000);
    expect(client.take()).toEqual([]);
    expect(client.handshake.nextDeadline()).toBeUndefined();

    const closing = upToServerHello();
    closing.client.handshake.handleAuth(2, closing.serverAuth);
    closing.client.handshake.handleFinishedAck(closing.serverFinished);
    closing.client.handshake.completeValidation(10, { valid: true, accountId: null });
    closing.client.take();
    closing.client.handshake.stopResending();
    expect(closing.client.handshake.nextDeadline()).toBeUndefined();
  });

  it('server: a repeated AUTH resends AUTH + Finished; a repeated client Finished resends ours and is acked', () => {
    const { client, server, clientAuth, serverAuth, serverFinished } = upToServerHello();
    expect(server.handshake.handleAuth(5, clientAuth)).toEqual({ kind: 'none' });
    expect(server.take()).toEqual([serverAuth, serverFinished]);
    expect(server.stats.retransmissions).toBe(2);

    client.handshake.handleAuth(2, serverAuth);
    client.handshake.handleFinishedAck(serverFinished);
    client.handshake.completeValidation(3, { valid: true, accountId: null });
    const clientFinished = only(client.take(), PacketType.ACK);
    server.handshake.handleFinishedAck(clientFinished);
    server.take();
    expect(server.handshake.handleFinishedAck(clientFinished)).toEqual({ kind: 'none' });
    const [again, ack] = server.take();
    expect(again).toEqual(serverFinished);
    expect(ack?.type).toBe(PacketType.ACK);
  });

  it('ignores inputs that do not fit the phase', () => {
    const { client, server, serverAuth } = upToServerHello();
    // The server already answered; a second validation result is stale.
    expect(server.handshake.completeValidation(9, { valid: false, accountId: null })).toEqual({
      kind: 'none',
    });
    expect(server.take()).toEqual([]);
    client.handshake.handleAuth(2, serverAuth);
    // A resent server AUTH while we validate: we already hold its key.
    expect(client.handshake.handleAuth(3, serverAuth)).toEqual({ kind: 'none' });
    expect(client.handshake.phase).toBe(HandshakePhase.VALIDATING);
  });
});
