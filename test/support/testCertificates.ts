/**
 * Self-signed certificates for the certificate-credential tests, made in-process so each test
 * picks its own validity window and key type. Only the public PEM leaves this module.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { webcrypto } from "node:crypto";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const RSA = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const EC = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

export interface TestCertificate {
  pem: string;
  /** The PEM of the private key, only to build the "private key pasted in config" case. */
  privateKeyPem: string;
}

export async function makeCertificate(
  notBefore: Date,
  notAfter: Date,
  key: "rsa" | "ec" = "rsa",
): Promise<TestCertificate> {
  const alg = key === "rsa" ? RSA : EC;
  const keys = (await webcrypto.subtle.generateKey(alg, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=onboarding-test",
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const lines = pkcs8.toString("base64").match(/.{1,64}/g) ?? [];
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
  return { pem: cert.toString("pem"), privateKeyPem };
}
