// Finding 5: plaintext injected into an encrypted message-layer session over v0 UDP. From the victim's address
// and without its key, plaintext datagrams carrying hand-made frames of each delivery kind; then the victim's own
// (encrypted) datagrams replayed with a rewritten v0 sequence number.
import { encodeFrame, PayloadCodec } from '@paperclip/messages';
import { acceptAnyCertificate, connectUdp, generateCertificate } from '@paperclip/net';
import { decodePacket, encodePacket, Flag, PacketType } from '@paperclip/protocol';
import { startChild } from '../support/child.ts';
import { attackRegistry, Ordered, Unordered, Unreliable, wireId } from '../support/message-types.ts';
import { startRelay } from '../support/relay.ts';
import { equals, pause, type Scenario } from '../support/scenario.ts';

type Counts = Record<string, { distinct: number; repeats: number }>;

const INJECTED = { unreliable: 10, unordered: 10, ordered: 41 };
const codec = new PayloadCodec();

/** A plaintext v0 DEFAULT datagram carrying one frame. */
function plaintext(
  name: string,
  wire: number,
  sequence: number | undefined,
  n: number,
  flags: number,
  v0Sequence: number,
): Uint8Array {
  const frame = encodeFrame(wireId(name), wire, sequence, codec.encode({ n, tag: 'inject' }));
  return encodePacket({
    type: PacketType.DEFAULT,
    version: 0,
    flags,
    sequenceId: v0Sequence & 0xffff,
    data: frame,
  });
}

export const plaintextInjection: Scenario = {
  finding: 5,
  name: 'plaintext into an encrypted session',
  async run() {
    const server = await startChild<{ address: string }>('servers/messages.ts', ['udp']);
    const [host, port] = [
      server.ready.address.slice(0, server.ready.address.lastIndexOf(':')),
      Number(server.ready.address.split(':').pop()),
    ];
    const relay = await startRelay(host, port);
    const victim = connectUdp(relay.front, {
      registry: attackRegistry,
      udp: { client: { validator: acceptAnyCertificate, certificate: (await generateCertificate()).der } },
    });
    try {
      await victim.waitForConnection(10_000);
      const firstCaptured = relay.captured.length;
      for (let n = 0; n < 10; n++) {
        victim.send(Unreliable, { n, tag: 'victim' });
        victim.send(Unordered, { n, tag: 'victim' });
        await pause(20);
      }
      await pause(500);
      const victimDatagrams = relay.captured.slice(firstCaptured);
      // The v0 header is not encrypted: the next reliable sequence numbers are easy to guess.
      const lastSequence = Math.max(
        0,
        ...victimDatagrams.map((datagram) => decodePacket(datagram).sequenceId),
      );
      let v0 = lastSequence + 1;
      for (let n = 0; n < INJECTED.unreliable; n++)
        relay.inject(plaintext(Unreliable.name, 2, undefined, n, 0, v0++));
      for (let n = 0; n < INJECTED.unordered; n++)
        relay.inject(plaintext(Unordered.name, 1, undefined, n, Flag.RELIABLE, v0++));
      for (let n = 0; n < INJECTED.ordered; n++)
        relay.inject(plaintext(Ordered.name, 0, n, n, Flag.RELIABLE, v0++));
      // Replays: every captured victim datagram again, its v0 sequence number moved on.
      for (const datagram of victimDatagrams) {
        const packet = decodePacket(datagram);
        relay.inject(encodePacket({ ...packet, sequenceId: (packet.sequenceId + 1000) & 0xffff }));
      }
      await pause(1000);
      const counts = await server.ask<Counts>('counts');
      const got = (name: string, tag: string) => counts[`${name}/${tag}`] ?? { distinct: 0, repeats: 0 };
      const replayed = got(Unreliable.name, 'victim').repeats + got(Unordered.name, 'victim').repeats;
      return [
        equals(
          'injected unreliable delivered',
          got(Unreliable.name, 'inject').distinct,
          0,
          `of ${INJECTED.unreliable}`,
        ),
        equals(
          'injected reliable-unordered delivered',
          got(Unordered.name, 'inject').distinct,
          0,
          `of ${INJECTED.unordered}`,
        ),
        equals(
          'injected reliable-ordered delivered',
          got(Ordered.name, 'inject').distinct,
          0,
          `of ${INJECTED.ordered}`,
        ),
        equals(
          'replayed victim messages delivered again',
          replayed,
          0,
          'messages',
          `${victimDatagrams.length} datagrams replayed; victim's own arrived ${got(Unreliable.name, 'victim').distinct}+${got(Unordered.name, 'victim').distinct} of 20`,
        ),
      ];
    } finally {
      await victim.close().catch(() => {});
      relay.close();
      await server.close();
    }
  },
};
