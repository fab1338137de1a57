// Hand-made v0 AUTH datagrams, in a module of their own so that the flooder's child process loads only the
// protocol encoder (not the net and platform packages that the rest of support/udp.ts needs).
import { generateKeyPairSync } from 'node:crypto';
import { encodePacket, PacketType } from '@paperclip/protocol';

/** A fresh P-384 public key as SPKI DER. */
export function freshPublicKey(): Uint8Array {
  return generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'der', type: 'spki' });
}

/** A v0 AUTH datagram (a fresh P-384 key unless given one, the given certificate) that an attacker sends and never follows up. */
export function authDatagram(certificate: Uint8Array, publicKey: Uint8Array = freshPublicKey()): Uint8Array {
  return encodePacket({
    type: PacketType.AUTH,
    version: 0,
    flags: 0,
    sequenceId: 0,
    data: new Uint8Array(0),
    publicKey,
    certificate,
  });
}
