// Account RSA keys: 2048-bit, private key stored as PKCS#8 DER encrypted under the account password.
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';

/** A freshly generated key pair in the forms the database stores. */
export interface AccountKeyPair {
  /** PKCS#8 DER encrypted with PBES2 (PBKDF2-SHA256 + AES-256-CBC) under the password. */
  encryptedPrivateKey: Buffer;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
}

/**
 * Generates an account's RSA key pair (the seed's generateRsaKey: e=65537, 2048 bits) and encrypts the
 * private key under the password, readable by the seed client's `load_der_private_key(data, password)`.
 */
export function generateAccountKeys(password: string): Promise<AccountKeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicExponent: 65537,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: password },
      },
      (error, publicKey, privateKey) =>
        error === null ? resolve({ encryptedPrivateKey: privateKey, publicKey }) : reject(error),
    );
  });
}

/** Decrypts an account's stored private key with its password (throws on a wrong password). */
export function decryptAccountKey(encryptedPrivateKey: Buffer, password: string): KeyObject {
  return createPrivateKey({ key: encryptedPrivateKey, format: 'der', type: 'pkcs8', passphrase: password });
}

/** Loads a stored SubjectPublicKeyInfo DER public key. */
export function loadPublicKey(der: Buffer): KeyObject {
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}
