import { randomBytes, type webcrypto } from "node:crypto";
import { subtle, toPem, x509 } from "./x509";

/** What the HTTPS server needs, and the CA clients must trust. */
export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const EC: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGN: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const HOUR = 3600_000;

/**
 * A throw-away CA (CA:TRUE, keyCertSign) and a leaf for `localhost` and the IP 127.0.0.1, both
 * ECDSA P-256: the key generation is a few milliseconds, where RSA would dominate start-up.
 * A fresh CA per start means nothing signed by it outlives the process that trusts it.
 */
export async function generateTlsMaterial(validForDays = 30): Promise<TlsMaterial> {
  const notBefore = new Date(Date.now() - HOUR); // tolerate small clock differences
  const notAfter = new Date(Date.now() + validForDays * 24 * HOUR);
  const [caKeys, leafKeys] = await Promise.all([
    subtle.generateKey(EC, true, ["sign", "verify"]) as Promise<webcrypto.CryptoKeyPair>,
    subtle.generateKey(EC, true, ["sign", "verify"]) as Promise<webcrypto.CryptoKeyPair>,
  ]);
  const caName = `CN=onboard emulator CA ${randomBytes(4).toString("hex")}, O=entra-onboarding`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: caName,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: "CN=localhost",
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
    ],
  });
  const leafKey = await subtle.exportKey("pkcs8", leafKeys.privateKey);
  return {
    caPem: ca.toString("pem") + "\n",
    certPem: leaf.toString("pem") + "\n",
    keyPem: toPem(leafKey, "PRIVATE KEY"),
  };
}

/** Positive 16-byte serial (high bit clear, so DER does not read it as negative). */
function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString("hex");
}
