// Loads the captured seed datagrams (../shared/interop/vectors.json) when the shared folder is present.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One captured datagram with what make_vectors.py decoded about it. */
export interface SeedVector {
  kind: string;
  scenario: string;
  dir: 'c2s' | 's2c';
  hex: string;
  session_key: string | null;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Absolute path of vectors.json (it may not exist). */
const SEED_VECTORS_PATH = resolve(repoRoot, '../shared/interop/vectors.json');
/** True when the seed captures are available; tests that need them skip with this reason otherwise. */
export const seedVectorsAvailable = existsSync(SEED_VECTORS_PATH);
export const SEED_VECTORS_SKIP_REASON = `seed captures not found at ${SEED_VECTORS_PATH} (../shared is absent)`;

/** All captured vectors; throws if the file is missing (guard with seedVectorsAvailable). */
function loadSeedVectors(): SeedVector[] {
  const parsed = JSON.parse(readFileSync(SEED_VECTORS_PATH, 'utf8')) as { vectors: SeedVector[] };
  return parsed.vectors;
}

/** The first vector whose kind starts with `kindPrefix` (and, when given, from `scenario`). */
export function findSeedVector(kindPrefix: string, scenario?: string): SeedVector {
  const found = loadSeedVectors().find(
    (v) => v.kind.startsWith(kindPrefix) && (scenario === undefined || v.scenario === scenario),
  );
  if (!found) throw new Error(`No seed vector of kind "${kindPrefix}".`);
  return found;
}

/** Hex string → bytes. */
export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
