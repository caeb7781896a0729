import { createHash } from "node:crypto";
import { selfSignedCertificate } from "../../tools/emulator/crypto/x509";

/** A client certificate as a developer would make one for an app registration. */
export interface ClientCertificate {
  certPem: string;
  privateKeyPem: string;
  /** Upper-case hex thumbprints, as msal-node's `thumbprint` / `thumbprintSha256` take them. */
  sha1Hex: string;
  sha256Hex: string;
}

/**
 * A self-signed certificate (the kind `openssl req -x509` or the portal guide makes): RSA 2048,
 * valid from an hour ago for 30 days unless told otherwise; `key: "ec"` for the cases Entra
 * must refuse.
 */
export async function makeClientCertificate(
  cn = "onboard-test-client",
  o: { notBefore?: Date; notAfter?: Date; key?: "rsa" | "ec" } = {},
): Promise<ClientCertificate> {
  const c = await selfSignedCertificate({
    cn,
    notBefore: o.notBefore ?? new Date(Date.now() - 3600_000),
    notAfter: o.notAfter ?? new Date(Date.now() + 30 * 24 * 3600_000),
    key: o.key,
  });
  const der = Buffer.from(c.cert.rawData);
  return {
    certPem: c.certificatePem,
    privateKeyPem: c.privateKeyPem,
    sha1Hex: createHash("sha1").update(der).digest("hex").toUpperCase(),
    sha256Hex: createHash("sha256").update(der).digest("hex").toUpperCase(),
  };
}
