// Certificates for v0 peers, the one module net and platform share: build, load, parse, read, check, validate.

export {
  type CertificateCacheOptions,
  type CertificateCacheStats,
  cachedCertificateValidator,
} from './cached-validator.ts';
export { isSignedBy, isWithinValidity } from './certificate-checks.ts';
export { CertificateErrors } from './certificate-errors.ts';
export { loadCertificatePem } from './certificate-files.ts';
export {
  type CertificateSubject,
  parseCertificate,
  readCertificateSubject,
  SubjectOid,
} from './certificate-subject.ts';
export {
  buildCertificate,
  type CertificateFields,
  type GeneratedCertificate,
  generateCertificate,
  MAX_V0_CERTIFICATE_SIZE,
} from './generate-certificate.ts';
export {
  acceptAnyCertificate,
  type CertificateValidator,
  type CertificateVerdict,
  DEFAULT_VALIDATION_PORT,
  defaultValidationBaseUrl,
  type HttpCertificateValidatorOptions,
  httpCertificateValidator,
  pythonEncodeBytes,
} from './validators.ts';
