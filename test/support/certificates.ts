import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * Self-signed certificates for loopback TLS servers, with the validity window a test needs
 * (valid, expiring soon, expired).
 */

export interface CertificateOptions {
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Defaults to "localhost"; the SANs are always DNS:localhost and IP:127.0.0.1. */
  readonly commonName?: string;
}

export interface Certificate {
  readonly certPem: string;
  readonly keyPem: string;
}

let keys: forge.pki.rsa.KeyPair | undefined;

/** One keypair per process: RSA key generation is the slow part, and tests do not need many. */
function keyPair(): forge.pki.rsa.KeyPair {
  keys ??= forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  return keys;
}

let serial = 0;

export function createCertificate(options: CertificateOptions): Certificate {
  const { publicKey, privateKey } = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Distinct serials: OpenSSL treats two certificates with one issuer and serial as the same.
  serial += 1;
  cert.serialNumber = `${Date.now().toString(16)}${serial.toString(16).padStart(4, '0')}`;
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const subject = [{ name: 'commonName', value: options.commonName ?? 'localhost' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(privateKey) };
}

/** Writes a CA bundle (PEMs concatenated, as in /etc/ssl) into `dir`; returns its path. */
export async function writeCaFile(
  dir: string,
  name: string,
  certificates: readonly Certificate[],
): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, certificates.map((certificate) => certificate.certPem).join(''));
  return path;
}
