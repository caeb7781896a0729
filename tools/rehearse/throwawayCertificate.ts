/**
 * A key pair and self-signed certificate made for one rehearsal, standing in for a certificate
 * app's real one (whose private key stays on the app's host and never reaches this tool). It
 * copies the configured certificate's subject and validity, so the credential the program
 * declares has the same start and end dates as on `pulumi up`; only the key (and so the
 * thumbprint) differs. The private key lives in memory and dies with the process.
 */
import { X509Certificate } from "node:crypto";
import { selfSignedCertificate } from "../emulator/crypto/x509";

export interface ThrowawayCertificate {
  /** Public certificate, PEM: what goes into the config given to the program. */
  certificatePem: string;
  /** PKCS#8 private key, PEM. Never printed or written. */
  privateKeyPem: string;
}

/**
 * @param configuredPem the certificate in stack config (already validated); its common name and
 * validity are copied.
 */
export async function throwawayCertificate(configuredPem: string): Promise<ThrowawayCertificate> {
  const configured = new X509Certificate(configuredPem);
  const { certificatePem, privateKeyPem } = await selfSignedCertificate({
    cn: /^CN=(.*)$/m.exec(configured.subject)?.[1] ?? "onboard rehearsal",
    notBefore: new Date(configured.validFrom),
    notAfter: new Date(configured.validTo),
  });
  return { certificatePem, privateKeyPem };
}
