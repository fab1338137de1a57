// Transitional old names for lobbies/ and apps/rps while their refactor is in flight; deleted right after it.
import type { KeyObject } from 'node:crypto';
import { buildCertificate as buildSeedCertificate } from '@paperclip/net';

export { createServerIdentity, type ServerIdentity } from './server-identity.ts';

/** @deprecated Use `buildCertificate` from `@paperclip/net` (`organization`, not `orgName`; `now` in the fields). */
export function buildCertificate(
  privateKey: KeyObject,
  subject: { orgName: string; commonName: string; accountId?: number | string; username?: string },
  now: Date = new Date(),
): Promise<Uint8Array> {
  const { orgName, ...rest } = subject;
  return buildSeedCertificate(privateKey, { ...rest, organization: orgName, now });
}
