// The account-key error catalogue (PC_KEY_*): why an encrypted PKCS#8 key could not be read or decrypted.
import { CodedError, declaredRow, declaredSentence, defineErrorCodes } from '@paperclip/protocol';

/** The stable code of each reason; `Pkcs8ErrorCode.WRONG_PASSWORD === 'PC_KEY_WRONG_PASSWORD'`. */
export const Pkcs8ErrorCode = defineErrorCodes('PC_KEY', 'Account keys (@paperclip/platform)', 'Pkcs8Error', {
  WRONG_PASSWORD: {
    message: 'The account key could not be decrypted: the password is wrong.',
    doc: 'The password does not decrypt the key (with AES-CBC, bad padding).',
  },
  MALFORMED: {
    message: 'The encrypted key is not valid PKCS#8 DER.',
    doc: 'The bytes are not an EncryptedPrivateKeyInfo this module understands, or the key does not match the account.',
  },
  UNSUPPORTED: {
    message: 'The encrypted key uses an unsupported algorithm.',
    doc: 'A well-formed key using an algorithm this module does not read.',
  },
  OVER_LIMIT: {
    message: 'The encrypted key is larger, or costlier to derive, than this server accepts.',
    doc: 'The key is larger, or asks for a costlier derivation, than the read limits allow.',
  },
  DER: {
    message: 'The DER is malformed.',
    className: 'DerError',
    doc: 'The DER reader met malformed or non-minimal DER; `readPkcs8Encryption()` reports it as PC_KEY_MALFORMED.',
  },
});

/** One of {@link Pkcs8ErrorCode}'s values. */
export type Pkcs8ErrorCodeValue = (typeof Pkcs8ErrorCode)[keyof typeof Pkcs8ErrorCode];

/** An encrypted key that could not be read; `code` (`PC_KEY_*`) says why, the message is a sentence. */
export class Pkcs8Error extends CodedError {
  declare readonly code: Pkcs8ErrorCodeValue;
  constructor(code: Pkcs8ErrorCodeValue, message?: string, options?: ErrorOptions) {
    super(code, message ?? declaredSentence(code), declaredRow(code), options);
  }
}

/** PC_KEY_DER: DER that is malformed, not minimally encoded, or not the expected shape. */
export class DerError extends Pkcs8Error {
  constructor(message: string) {
    super(Pkcs8ErrorCode.DER, message);
  }
}
