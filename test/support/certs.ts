import { createHash, randomBytes, type webcrypto } from "node:crypto";
import { subtle, toPem, x509 } from "../../tools/emulator/crypto/x509";

/** A client certificate as a developer would make one for an app registration. */
export interface ClientCertificate {
  certPem: string;
  privateKeyPem: string;
  /** Upper-case hex thumbprints, as msal-node's `thumbprint` / `thumbprintSha256` take them. */
  sha1Hex: string;
  sha256Hex: string;
}

const RSA: webcrypto.RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
};

/** A self-signed RSA 2048 certificate (the kind `openssl req -x509` or the portal guide makes). */
export async function makeClientCertificate(
  cn = "onboard-test-client",
  validity: { notBefore?: Date; notAfter?: Date } = {},
): Promise<ClientCertificate> {
  const keys = (await subtle.generateKey(RSA, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01" + randomBytes(8).toString("hex"),
    name: `CN=${cn}`,
    notBefore: validity.notBefore ?? new Date(Date.now() - 3600_000),
    notAfter: validity.notAfter ?? new Date(Date.now() + 30 * 24 * 3600_000),
    keys,
    signingAlgorithm: RSA,
  });
  const der = Buffer.from(cert.rawData);
  return {
    certPem: cert.toString("pem") + "\n",
    privateKeyPem: toPem(await subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY"),
    sha1Hex: createHash("sha1").update(der).digest("hex").toUpperCase(),
    sha256Hex: createHash("sha256").update(der).digest("hex").toUpperCase(),
  };
}
