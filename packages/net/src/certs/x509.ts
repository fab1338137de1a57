// The one entry to @peculiar/x509: it needs the Reflect metadata polyfill loaded before it (tsyringe).
import 'reflect-metadata';

export {
  type JsonNameParams,
  Name,
  PemConverter,
  SubjectAlternativeNameExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';
