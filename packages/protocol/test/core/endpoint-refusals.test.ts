// Handshake refusals and hostile-input limits: NO_SPACE, certificates, Finished, half-open flood, malformed input.
import { describe, expect, it } from 'vitest';
import { encodeAuth } from '../../src/core/control-packets.ts';
import { HandshakeTimeoutError } from '../../src/core/index.ts';
import type { HandshakeSuite } from '../../src/crypto/handshake-suite.ts';
import { v0HandshakeSuite } from '../../src/crypto/v0-handshake.ts';
import { seededRandomBytes } from '../../src/testing/seeded-random.ts';
import { SimNetwork } from '../../src/testing/sim-network.ts';
import { decodePacket } from '../../src/wire/codec-v0.ts';
import { Flag, PacketType } from '../../src/wire/constants.ts';
import { CertificateInvalidError, FinishInvalidError, NoSpaceError } from '../../src/wire/errors.ts';
import { fakeCertificate, makeClient, makeServer } from '../support/endpoints.ts';

const S = '10.0.0.1:40100';
const C = '10.0.0.2:50000';
const C2 = '10.0.0.3:50000';

function tap(net: SimNetwork) {
  const sent: { from: string; to: string; bytes: Uint8Array }[] = [];
  net.onSend = (from, to, bytes) => sent.push({ from, to, bytes });
  return sent;
}

describe('handshake refusals', () => {
  it('one client more than maxClients gets ERROR CONNECTION/NO_SPACE with sequence id 0', () => {
    const net = new SimNetwork({ seed: 1 });
    net.add(S, makeServer(1, { maxClients: 1 }));
    const first = makeClient(2);
    const second = makeClient(3);
    net.add(C, first);
    net.add(C2, second);
    const sent = tap(net);
    first.connect(net.now, S);
    expect(net.runUntil(() => net.eventsOf(S, 'clientJoin').length === 1)).toBe(true);
    second.connect(net.now, S);
    expect(net.runUntil(() => net.eventsOf(C2, 'disconnect').length === 1)).toBe(true);
    expect(net.eventsOf(C2, 'disconnect')[0]!.reason).toBeInstanceOf(NoSpaceError);
    const refusal = decodePacket(sent.find((s) => s.to === C2 && s.bytes[0] === PacketType.ERROR)!.bytes);
    expect(refusal).toMatchObject({ sequenceId: 0, major: 1, minor: 1 });
    expect(new TextDecoder().decode(refusal.data)).toBe('Server is Full.');
  });

  it('a certificate the server refuses: CERTIFICATE_INVALID (sequence 0) to the client, no clientJoin, no state kept', () => {
    const net = new SimNetwork({ seed: 2 });
    const server = makeServer(1);
    net.add(S, server, { validate: () => ({ valid: false, accountId: null }) });
    const client = makeClient(2);
    net.add(C, client);
    const sent = tap(net);
    client.connect(net.now, S);
    expect(net.runUntil(() => net.eventsOf(C, 'disconnect').length === 1)).toBe(true);
    expect(net.eventsOf(C, 'disconnect')[0]!.reason).toBeInstanceOf(CertificateInvalidError);
    expect(net.eventsOf(S, 'clientJoin')).toHaveLength(0);
    expect(server.halfOpenCount).toBe(0);
    const refusal = decodePacket(sent.find((s) => s.from === S && s.bytes[0] === PacketType.ERROR)!.bytes);
    expect(refusal).toMatchObject({ sequenceId: 0, major: 1, minor: 2 });
  });

  it('a server certificate the client refuses: the client sends CERTIFICATE_INVALID and the server drops the half-open peer', () => {
    const net = new SimNetwork({ seed: 3 });
    const server = makeServer(1);
    net.add(S, server);
    const client = makeClient(2);
    net.add(C, client, { validate: () => ({ valid: false, accountId: null }) });
    client.connect(net.now, S);
    expect(net.runUntil(() => net.eventsOf(C, 'disconnect').length === 1 && server.halfOpenCount === 0)).toBe(
      true,
    );
    expect(net.eventsOf(C, 'disconnect')[0]!.reason).toBeInstanceOf(CertificateInvalidError);
    expect(net.eventsOf(S, 'clientJoin')).toHaveLength(0);
  });

  it('a wrong Finished: the server answers FINISH_INVALID and the client reports it', () => {
    const lyingSuite: HandshakeSuite = { ...v0HandshakeSuite, finished: () => new Uint8Array(32).fill(7) };
    const net = new SimNetwork({ seed: 4 });
    const server = makeServer(1);
    net.add(S, server);
    const client = makeClient(2, { handshakeSuite: lyingSuite });
    net.add(C, client);
    client.connect(net.now, S);
    expect(net.runUntil(() => net.eventsOf(C, 'disconnect').length === 1)).toBe(true);
    expect(net.eventsOf(C, 'disconnect')[0]!.reason).toBeInstanceOf(FinishInvalidError);
    expect(net.eventsOf(S, 'clientJoin')).toHaveLength(0);
    expect(server.stats.handshakesFailed).toBeGreaterThan(0);
  });

  it('a server that never answers: the client gives up after handshakeTimeoutMs, resending AUTH with backoff', () => {
    const net = new SimNetwork({ seed: 5 });
    const client = makeClient(2, { handshakeTimeoutMs: 5_000 });
    net.add(C, client);
    const sent = tap(net);
    client.connect(net.now, S);
    expect(net.runUntil(() => net.eventsOf(C, 'disconnect').length === 1)).toBe(true);
    expect(net.eventsOf(C, 'disconnect')[0]!.reason).toBeInstanceOf(HandshakeTimeoutError);
    expect(net.now).toBe(5_000);
    const auths = sent.filter((s) => s.bytes[0] === PacketType.AUTH);
    expect(auths.length).toBe(3); // at 0, 1 s, 3 s (RTO 1 s doubling)
  });
});

describe('half-open flood', () => {
  it('caps half-open handshakes at maxHalfOpen (evicting the oldest) and expires them after handshakeTimeoutMs', () => {
    const net = new SimNetwork({ seed: 6 });
    // Rate limit and byte budget are lifted here (their own tests: attack-handshake-flood.test.ts).
    const server = makeServer(1, {
      maxHalfOpen: 64,
      handshakeTimeoutMs: 2_000,
      handshakeRatePerSecond: 1e9,
      handshakeBurst: 1e9,
      unvalidatedSendBytesPerSecond: 1e9,
    });
    // Validation never comes back in time: every AUTH stays half-open.
    net.add(S, server, { validationDelayMs: 1_000_000 });
    const key = v0HandshakeSuite.generateKeyPair(seededRandomBytes(9)).publicKey;
    const auth = encodeAuth(0, key, fakeCertificate(9));
    for (let i = 0; i < 2_000; i++) net.inject(`192.0.2.${i % 250}:${1000 + i}`, S, auth);
    net.runUntilTime(100);
    expect(server.halfOpenCount).toBe(64);
    // A full table evicts its oldest handshake instead of refusing the newcomer.
    expect(server.stats.halfOpenEvicted).toBe(2_000 - 64);
    net.runUntilTime(2_100);
    expect(server.halfOpenCount).toBe(0);
    expect(server.stats.handshakesFailed).toBe(64);
    expect(server.pollTimeout()).toBeUndefined();
  });
});

describe('malformed datagrams', () => {
  it('are counted by minor; a known peer gets ERROR PACKET/<minor> at most once per interval; strangers get nothing', () => {
    const net = new SimNetwork({ seed: 7 });
    const server = makeServer(1);
    const client = makeClient(2);
    net.add(S, server);
    net.add(C, client);
    client.connect(net.now, S);
    expect(net.runUntil(() => net.eventsOf(S, 'clientJoin').length === 1)).toBe(true);
    const sent = tap(net);
    net.inject(C, S, Uint8Array.of(0x0f, 0, 0, 0, 0, 1)); // type 15
    net.inject(C, S, Uint8Array.of(0x00, 0x01, 0, 0, 0, 1)); // undefined flag bit
    net.inject('198.51.100.1:9', S, Uint8Array.of(0x0f));
    net.runUntilTime(net.now + 10);
    expect(server.stats.malformedByMinor).toEqual({ PACKET_TYPE: 2, FLAGS: 1 });
    const replies = sent
      .filter((s) => s.from === S && s.bytes[0] === PacketType.ERROR)
      .map((s) => decodePacket(s.bytes));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ major: 3, minor: 2 });
    expect(sent.some((s) => s.to === '198.51.100.1:9')).toBe(false);
    // The connection is unharmed.
    client.send(net.now, S, new Uint8Array([9]), Flag.RELIABLE);
    expect(net.runUntil(() => net.eventsOf(S, 'data').length === 1)).toBe(true);
  });
});
