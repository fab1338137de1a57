// The key derivations of password work, placed on the password pool job's low-priority worker thread when the
// code runs in one (see password-workers.ts), else on libuv's pool. Callers choose the costs and memory limits.
import { pbkdf2, scrypt } from 'node:crypto';
import { currentPasswordWorker, type WorkerScryptOptions } from './password-workers.ts';

/** scrypt on the pool job's worker thread when it has one, else on libuv's pool. */
export function scryptOnPasswordWorker(
  password: string,
  salt: Uint8Array,
  keyLength: number,
  options: WorkerScryptOptions,
): Promise<Buffer> {
  const worker = currentPasswordWorker();
  if (worker !== undefined) return worker.scrypt(password, salt, keyLength, options);
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    ),
  );
}

/** PBKDF2 (older key rows), placed like scryptOnPasswordWorker. */
export function pbkdf2OnPasswordWorker(
  password: string,
  salt: Uint8Array,
  iterations: number,
  keyLength: number,
  digest: string,
): Promise<Buffer> {
  const worker = currentPasswordWorker();
  if (worker !== undefined) return worker.pbkdf2(password, salt, iterations, keyLength, digest);
  return new Promise((resolve, reject) =>
    pbkdf2(password, salt, iterations, keyLength, digest, (error, derived) =>
      error === null ? resolve(derived) : reject(error),
    ),
  );
}
