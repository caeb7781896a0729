// @peculiar/x509 needs the reflect-metadata polyfill loaded first and a WebCrypto provider.
// Importing x509 from this module guarantees both, whoever imports it first.
import "reflect-metadata";
import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
export const subtle = webcrypto.subtle;

/** PEM armour for DER bytes (64-column lines, as OpenSSL writes it). */
export function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

const RSA_2048: webcrypto.RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
};
const EC_P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

export interface SelfSigned {
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
  certificatePem: string;
  /** PKCS#8, PEM. */
  privateKeyPem: string;
}

/**
 * A self-signed end-entity certificate and its key pair (RSA 2048 unless asked for EC P-256):
 * the shape of a client certificate made with `openssl req -x509`, and of Entra's token-signing
 * certificates. Entra accepts only RSA for application credentials.
 */
export async function selfSignedCertificate(o: {
  cn: string;
  notBefore: Date;
  notAfter: Date;
  key?: "rsa" | "ec";
}): Promise<SelfSigned> {
  const alg = o.key === "ec" ? EC_P256 : RSA_2048;
  const keys = (await subtle.generateKey(alg, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive: DER reads a set high bit as negative
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString("hex"),
    // Structured, so a comma or '=' in the name needs no escaping.
    name: [{ CN: [o.cn] }],
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  return {
    cert,
    keys,
    certificatePem: `${cert.toString("pem")}\n`,
    privateKeyPem: toPem(await subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY"),
  };
}
