/**
 * Checks the public certificate of a certificate credential offline, so a bad PEM fails before
 * anything is declared rather than halfway through `pulumi up`.
 */
import { X509Certificate } from "node:crypto";

const DAY_MS = 24 * 60 * 60 * 1000;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** What the program needs from a valid certificate. */
export interface CertificateDetails {
  /** The single certificate block, normalised to LF line ends. */
  pem: string;
  /** SHA-1 thumbprint, uppercase hex without separators, as the Entra portal shows it. */
  thumbprint: string;
  /** RFC 3339: the certificate's notBefore, used as the key credential's start. */
  startDate: string;
  /**
   * RFC 3339: min(notAfter, notBefore + lifetimeDays). Derived from the certificate alone so it
   * is the same on every run (a "now"-based date would replace the credential each time), and
   * never past notAfter, which Entra rejects.
   */
  endDate: string;
}

export interface CertificateProblem {
  message: string;
  fix: string;
}

/** `details` is absent when the PEM is fine but no valid lifetimeDays was given to date it with. */
export type CertificateCheck =
  { ok: true; details?: CertificateDetails } | { ok: false; problem: CertificateProblem };

export function checkCertificatePem(
  text: string,
  lifetimeDays: number | undefined,
  now: Date,
): CertificateCheck {
  // Never echo the PEM itself: if it holds a private key, the message must not spread it further.
  if (PRIVATE_KEY.test(text)) {
    return fail(
      "Contains a PRIVATE KEY. The private key must never go in stack config (the config file and the Pulumi state would both hold it).",
      "Put only the public certificate here, keep the key with the app, and replace the key pair if this config was shared or committed.",
    );
  }
  const blocks = text.replace(/\r\n/g, "\n").match(CERT_BLOCK) ?? [];
  if (blocks.length !== 1) {
    return fail(
      blocks.length === 0
        ? "Is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)."
        : `Holds ${blocks.length} certificates.`,
      "Paste exactly one public certificate, the app's own, as PEM.",
    );
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(blocks[0]);
  } catch (e) {
    return fail(
      `Does not parse as an X.509 certificate (${(e as Error).message}).`,
      "Paste the certificate exactly as exported (openssl x509 -in cert.pem), including the BEGIN/END lines.",
    );
  }
  const validFrom = new Date(cert.validFrom);
  const validTo = new Date(cert.validTo);
  if (validTo.getTime() <= now.getTime()) {
    return fail(
      `The certificate expired on ${rfc3339(validTo)}.`,
      "Issue a new certificate and paste its public PEM.",
    );
  }
  if (cert.publicKey.asymmetricKeyType !== "rsa") {
    return fail(
      `The certificate has a ${cert.publicKey.asymmetricKeyType ?? "non-RSA"} key; Entra accepts only RSA keys for app certificate credentials.`,
      "Issue an RSA certificate (2048 bits or more).",
    );
  }
  if (lifetimeDays === undefined) return { ok: true };
  const end = new Date(Math.min(validTo.getTime(), validFrom.getTime() + lifetimeDays * DAY_MS));
  if (end.getTime() <= now.getTime()) {
    return fail(
      `lifetimeDays ${lifetimeDays} counted from the certificate's start (${rfc3339(validFrom)}) ends on ${rfc3339(end)}, already past.`,
      "Raise lifetimeDays or issue a new certificate.",
    );
  }
  return {
    ok: true,
    details: {
      pem: `${blocks[0]}\n`,
      thumbprint: cert.fingerprint.replace(/:/g, "").toUpperCase(),
      startDate: rfc3339(validFrom),
      endDate: rfc3339(end),
    },
  };
}

/** RFC 3339 in UTC without milliseconds (certificate dates have whole seconds). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function fail(message: string, fix: string): CertificateCheck {
  return { ok: false, problem: { message, fix } };
}
