// Our endpoints fed the seed's captured handshake datagrams (../shared/interop/vectors.json).
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../src/wire/codec-v0.ts';
import { PacketType } from '../../src/wire/constants.ts';
import { CertificateInvalidError } from '../../src/wire/errors.ts';
import type { AckPacket, AuthPacket } from '../../src/wire/packet.ts';
import { makeClient, makeServer } from '../support/endpoints.ts';
import {
  findSeedVector,
  fromHex,
  SEED_VECTORS_SKIP_REASON,
  seedVectorsAvailable,
} from '../support/seed-vectors.ts';

const S = '127.0.0.1:40100';
const C = '127.0.0.1:40101';

function drain(endpoint: ReturnType<typeof makeServer>) {
  const out: Uint8Array[] = [];
  for (let t = endpoint.pollTransmit(); t; t = endpoint.pollTransmit()) out.push(t.datagram);
  const events = [];
  for (let e = endpoint.pollEvent(); e; e = endpoint.pollEvent()) events.push(e);
  return { out, events };
}

const title = seedVectorsAvailable ? 'seed captures' : `seed captures (skipped: ${SEED_VECTORS_SKIP_REASON})`;

describe.skipIf(!seedVectorsAvailable)(title, () => {
  it('our server accepts the seed client AUTH: validates its certificate, answers AUTH (seq 0) then ACK+Finished (seq 1, ack 0)', () => {
    const seedAuth = fromHex(findSeedVector('c2s AUTH').hex);
    const server = makeServer(1);
    server.handleDatagram(0, C, seedAuth);
    const { events } = drain(server);
    expect(events).toHaveLength(1);
    const validate = events[0]!;
    expect(validate.type).toBe('validateCertificate');
    if (validate.type !== 'validateCertificate') return;
    expect(validate.certificate).toEqual((decodePacket(seedAuth) as AuthPacket).certificate);
    expect(validate.certificate.length).toBe(802);
    server.completeCertificateValidation(0, validate.requestId, { valid: true, accountId: 42 });
    const { out } = drain(server);
    const [auth, ack] = out.map(decodePacket);
    expect(auth).toMatchObject({ type: PacketType.AUTH, flags: 0, sequenceId: 0 });
    expect((auth as AuthPacket).publicKey.length).toBe(120);
    expect(ack).toMatchObject({ type: PacketType.ACK, flags: 0, sequenceId: 1, ackId: 0, ackBits: 0 });
    expect((ack as AckPacket).data.length).toBe(32);
    // Same layout as the seed's own handshake ACK: 14 header bytes + 32 bytes of Finished.
    expect(out[1]!.length).toBe(fromHex(findSeedVector('s2c ACK + finished').hex).length);
  });

  it('our client accepts the seed server AUTH and answers an ACK+Finished shaped like the captured one', () => {
    const client = makeClient(2);
    client.connect(0, S);
    drain(client);
    client.handleDatagram(1, S, fromHex(findSeedVector('s2c AUTH').hex));
    const { events } = drain(client);
    const validate = events.find((e) => e.type === 'validateCertificate');
    expect(validate).toBeDefined();
    if (validate?.type !== 'validateCertificate') return;
    expect(validate.certificate.length).toBe(762);
    client.completeCertificateValidation(2, validate.requestId, { valid: true, accountId: null });
    const { out } = drain(client);
    const captured = fromHex(findSeedVector('c2s ACK + finished').hex);
    expect(out[0]!.length).toBe(captured.length);
    expect(out[0]!.subarray(0, 14)).toEqual(captured.subarray(0, 14)); // type, flags, seq 1, ack id 0, bits 0
  });

  it('our client reports the captured ERROR CONNECTION/CERTIFICATE_INVALID as a CertificateInvalidError disconnect', () => {
    const client = makeClient(3);
    client.connect(0, S);
    drain(client);
    client.handleDatagram(1, S, fromHex(findSeedVector('s2c ERROR CONNECTION/CERTIFICATE_INVALID').hex));
    const { events } = drain(client);
    const disconnect = events.find((e) => e.type === 'disconnect');
    expect(disconnect?.type === 'disconnect' && disconnect.reason).toBeInstanceOf(CertificateInvalidError);
  });
});
