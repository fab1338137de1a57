// Certificates for v0 peers: generation, loading, reading subject fields, and pluggable validators.
export {
  type CertificateSubject,
  COMMON_NAME_OID,
  ORGANIZATION_OID,
  PSEUDONYM_OID,
  parseCertificate,
  readCertificateSubject,
  USER_ID_OID,
} from './certificate-fields.ts';
export { CertificateFileError, loadCertificatePem } from './certificate-files.ts';
export {
  type CertificateOptions,
  CertificateTooLargeError,
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
