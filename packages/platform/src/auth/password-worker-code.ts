// The source of one password worker thread, run with `new Worker(code, { eval: true })` so it loads the same way
// from the TypeScript sources and from dist. It lowers its own thread's priority, then runs the blocking
// crypto it is sent (scrypt, PBKDF2, RSA key generation) on that thread, one message at a time.
// Messages in: { id, op: 'info' | 'scrypt' | 'pbkdf2' | 'rsa', ...args }. Out: { id, value } or { id, error }.

/** The nice value the worker asks for: the lowest priority, so the event loop always wins a shared core. */
export const PASSWORD_WORKER_NICE = 19;

export const PASSWORD_WORKER_CODE = `'use strict';
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');

// On Linux /proc/thread-self is "<pid>/task/<tid>", and setpriority on a tid changes only that thread.
// Elsewhere, or if it fails, the worker runs at normal priority (still off libuv's shared pool).
let tid;
let niced = false;
try {
  tid = Number(fs.readlinkSync('/proc/thread-self').split('/task/')[1]);
  if (Number.isSafeInteger(tid) && tid > 0) {
    os.setPriority(tid, ${PASSWORD_WORKER_NICE});
    niced = true;
  }
} catch {}

function run(message) {
  switch (message.op) {
    case 'info':
      return { tid, niced, priority: niced ? os.getPriority(tid) : undefined };
    case 'scrypt':
      return crypto.scryptSync(message.password, message.salt, message.keyLength, message.options);
    case 'pbkdf2':
      return crypto.pbkdf2Sync(message.password, message.salt, message.iterations, message.keyLength, message.digest);
    case 'rsa':
      return crypto.generateKeyPairSync('rsa', {
        modulusLength: message.modulusLength,
        publicExponent: message.publicExponent,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      });
    default:
      throw new Error('unknown password worker operation');
  }
}

parentPort.on('message', (message) => {
  let value;
  try {
    value = run(message);
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error && error.message) });
    return;
  }
  parentPort.postMessage({ id: message.id, value });
  // postMessage copied the bytes: wipe this thread's copies of derived keys and private keys.
  if (Buffer.isBuffer(value)) value.fill(0);
  else if (value && Buffer.isBuffer(value.privateKey)) value.privateKey.fill(0);
});
`;
