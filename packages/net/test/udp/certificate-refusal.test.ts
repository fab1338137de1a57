// A certificate refusal says which side refused and what to do, while the wire keeps the seed's 0x12 "Invalid Certificate.".
import { defineMessage, MessageRegistry, MessageServer, Type } from '@paperclip/messages';
import { CertificateInvalidError } from '@paperclip/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { connectUdp, UdpAcceptor } from '../../src/carriers/udp-carrier.ts';
import { acceptAnyCertificate } from '../../src/certs/validators.ts';
import { Resources, refuseAll } from './support/harness.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

const FIX = '(acceptAnyCertificate for local tests) or run the platform, which validates certificates.';

describe('certificate refusals name the side that refused', () => {
  it('the server refused: the client hears "The server … refused your certificate" with the fix', async () => {
    const { address } = await resources.server({ validator: refuseAll() });
    const refusal = resources.client().connect(address);
    await expect(refusal).rejects.toBeInstanceOf(CertificateInvalidError);
    await expect(refusal).rejects.toMatchObject({
      code: 'PC_WIRE_CERTIFICATE_INVALID',
      message: `The server at ${address} refused your certificate: give the server a validator ${FIX}`,
      // The seed's wire text is still what the server sent.
      cause: expect.objectContaining({ message: 'Invalid Certificate.' }),
    });
  });

  it('the client refused: it hears "You refused the certificate of the server …" with the fix', async () => {
    const { address } = await resources.server();
    const refusal = resources.client({ validator: refuseAll() }).connect(address);
    await expect(refusal).rejects.toMatchObject({
      code: 'PC_WIRE_CERTIFICATE_INVALID',
      message: `You refused the certificate of the server at ${address}: pass a validator ${FIX}`,
    });
  });

  it('a validator that throws counts as our refusal', async () => {
    const { address } = await resources.server();
    const failing = async () => {
      throw new Error('validation service down');
    };
    await expect(resources.client({ validator: failing }).connect(address)).rejects.toMatchObject({
      message: expect.stringMatching(/^You refused the certificate of the server/),
    });
  });
});

describe('through the message layer (docs/MESSAGES.md before it passed validators)', () => {
  it("connectUdp's waitForConnection rejects with PC_MSG_UNAUTHORIZED and the sentence naming the server", async () => {
    const registry = new MessageRegistry([defineMessage('demo:hi', Type.Object({}))]);
    const server = new MessageServer({ registry });
    const udp = new UdpAcceptor({ port: 0, server: { validator: refuseAll() } });
    await server.listen(udp);
    resources.add(() => server.close());
    const client = connectUdp(udp.address, {
      registry,
      udp: { client: { validator: acceptAnyCertificate } },
    });
    await expect(client.waitForConnection(5000)).rejects.toMatchObject({
      code: 'PC_MSG_UNAUTHORIZED',
      message: `The server at ${udp.address} refused your certificate: give the server a validator ${FIX}`,
    });
  });
});
