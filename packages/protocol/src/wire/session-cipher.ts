// AES-256-CBC/PKCS#7 for one session key without a cipher object per packet (byte-identical to createCipheriv).
import { type Cipher, createCipheriv, createDecipheriv, type Decipher } from 'node:crypto';
import { INIT_VECTOR_SIZE, SESSION_KEY_SIZE } from './constants.ts';
import { InitVectorError } from './errors.ts';

const BLOCK = 16;

/**
 * Encrypts and decrypts v0 payloads under one session key, each packet with its own IV, exactly as
 * `createCipheriv('aes-256-cbc', key, iv)` + update + final would, but through two long-lived OpenSSL contexts.
 *
 * Why this is the same cipher: a CBC context without padding that has already processed blocks carries the
 * last ciphertext block `chain` as its running IV. Feeding it a packet whose first plaintext block is XORed
 * with `iv ⊕ chain` yields E(P1 ⊕ iv), E(P2 ⊕ C1), … — exactly CBC under `iv`. Decryption is the mirror
 * image: the first output block is XORed with `chain ⊕ iv`. Padding is added and checked here. Creating a
 * cipher per packet (key schedule, context allocation) cost more than the AES work itself for game-sized
 * payloads. Not thread-safe, and not for anything but whole-block CBC streams (which is all v0 uses).
 */
export class SessionCipher {
  readonly #key: Uint8Array;
  #encryptor!: Cipher;
  #decryptor!: Decipher;
  /** Last ciphertext block each context processed: its running IV. */
  readonly #encryptChain = new Uint8Array(BLOCK);
  readonly #decryptChain = new Uint8Array(BLOCK);
  /** Reused plaintext staging buffer (padding and the first-block fix-up are written here, never into input). */
  #scratch = new Uint8Array(64);

  constructor(key: Uint8Array) {
    if (key.length !== SESSION_KEY_SIZE) {
      throw new InitVectorError('ENCRYPTED needs the 32-byte session key of a finished handshake.');
    }
    this.#key = key.slice();
    this.#resetEncryptor();
    this.#resetDecryptor();
  }

  /** AES-256-CBC(key, iv, PKCS#7(plaintext)): a fresh buffer of ⌊len/16⌋·16 + 16 bytes. */
  encrypt(iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
    if (iv.length !== INIT_VECTOR_SIZE) throw new InitVectorError('randomBytes(16) returned a short IV.');
    const padding = BLOCK - (plaintext.length % BLOCK);
    const length = plaintext.length + padding;
    if (this.#scratch.length < length)
      this.#scratch = new Uint8Array(Math.max(length, this.#scratch.length * 2));
    const staged = this.#scratch.subarray(0, length);
    staged.set(plaintext);
    staged.fill(padding, plaintext.length);
    const chain = this.#encryptChain;
    for (let i = 0; i < BLOCK; i++) staged[i]! ^= iv[i]! ^ chain[i]!;
    let out: Uint8Array;
    try {
      out = this.#encryptor.update(staged);
    } catch (cause) {
      this.#resetEncryptor();
      throw new InitVectorError('Encryption failed.', { cause });
    }
    if (out.length !== length) {
      this.#resetEncryptor(); // cannot happen for whole blocks; never leave the chain out of step
      throw new InitVectorError('The cipher held back ciphertext.');
    }
    chain.set(out.subarray(length - BLOCK));
    return out;
  }

  /**
   * Reverses {@link encrypt}: returns the plaintext (a view into a fresh buffer).
   * @throws InitVectorError for a bad IV, a length that is not whole blocks, or bad PKCS#7 padding.
   */
  decrypt(iv: Uint8Array | undefined, ciphertext: Uint8Array): Uint8Array {
    if (iv === undefined || iv.length !== INIT_VECTOR_SIZE)
      throw new InitVectorError('ENCRYPTED without a 16-byte IV.');
    const length = ciphertext.length;
    if (length === 0 || length % BLOCK !== 0) {
      throw new InitVectorError(`Encrypted payload of ${length} bytes is not whole AES blocks.`);
    }
    let out: Uint8Array;
    try {
      out = this.#decryptor.update(ciphertext);
    } catch (cause) {
      this.#resetDecryptor();
      throw new InitVectorError('Decryption failed: wrong key, IV or padding.', { cause });
    }
    const chain = this.#decryptChain;
    if (out.length !== length) {
      this.#resetDecryptor();
      throw new InitVectorError('The cipher held back plaintext.');
    }
    for (let i = 0; i < BLOCK; i++) out[i]! ^= chain[i]! ^ iv[i]!;
    chain.set(ciphertext.subarray(length - BLOCK));
    const padding = out[length - 1]!;
    let bad = padding === 0 || padding > BLOCK ? 1 : 0;
    if (bad === 0) for (let i = length - padding; i < length; i++) bad |= out[i]! ^ padding;
    if (bad !== 0) throw new InitVectorError('Decryption failed: wrong key, IV or padding.');
    // A plain Uint8Array view (not a Buffer), like every other payload the core hands out.
    return new Uint8Array(out.buffer, out.byteOffset, length - padding);
  }

  #resetEncryptor(): void {
    this.#encryptChain.fill(0);
    this.#encryptor = createCipheriv('aes-256-cbc', this.#key, this.#encryptChain);
    this.#encryptor.setAutoPadding(false);
  }

  #resetDecryptor(): void {
    this.#decryptChain.fill(0);
    this.#decryptor = createDecipheriv('aes-256-cbc', this.#key, this.#decryptChain);
    this.#decryptor.setAutoPadding(false);
  }
}
