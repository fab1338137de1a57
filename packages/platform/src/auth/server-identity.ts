// The platform's own RSA key and certificate: lobby servers present it, /auth/certificate returns it.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { buildCertificate } from '@paperclip/net';

/** The platform's key pair and its self-signed certificate (no USER_ID: it is nobody's account). */
export interface ServerIdentity {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** DER, seed-shaped (net's {@link buildCertificate}). */
  certificateDer: Uint8Array;
}

/** Generates the platform's server identity: a fresh RSA-2048 key and a certificate for it from `now`. */
export async function createServerIdentity(
  organization: string,
  commonName: string,
  now = new Date(),
): Promise<ServerIdentity> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65537,
  });
  const certificateDer = await buildCertificate(privateKey, { organization, commonName, now });
  return { privateKey, publicKey, certificateDer };
}
