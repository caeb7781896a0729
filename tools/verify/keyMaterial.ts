import { X509Certificate, createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors";

export interface CertificateMaterial {
  certificatePem: string;
  privateKeyPem: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  notAfter: string;
}

/**
 * Loads a PEM file holding a certificate and its private key (the format AZURE_CLIENT_CERTIFICATE_PATH
 * takes) and checks they belong together. `label` names the flag or variable in errors.
 */
export async function loadCertificateFile(
  path: string,
  label: string,
): Promise<CertificateMaterial> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(
      `${label}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      "pass the path of a PEM file with the certificate and its private key",
    );
  }
  return parseCertificateAndKey(text, label);
}

export function parseCertificateAndKey(pem: string, label: string): CertificateMaterial {
  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const keyBlock =
    /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(
      pem,
    )?.[0];
  const fix =
    "the file must hold the certificate and its unencrypted private key, both PEM (cat cert.pem key.pem > app.pem)";
  if (!certBlock)
    throw new UsageError(`${label}: no certificate (BEGIN CERTIFICATE) in the file`, fix);
  if (!keyBlock)
    throw new UsageError(`${label}: no private key (BEGIN PRIVATE KEY) in the file`, fix);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certBlock);
  } catch {
    throw new UsageError(`${label}: the certificate does not parse`, fix);
  }
  let privateKeyPem: string;
  try {
    const key = createPrivateKey(keyBlock);
    if (!cert.checkPrivateKey(key))
      throw new UsageError(`${label}: the private key does not belong to the certificate`, fix);
    // msal-node wants PKCS#8 ("BEGIN PRIVATE KEY").
    privateKeyPem = key.export({ type: "pkcs8", format: "pem" }).toString();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${label}: the private key does not parse (is it encrypted?)`, fix);
  }
  return {
    certificatePem: certBlock,
    privateKeyPem,
    thumbprintSha1: cert.fingerprint.replace(/:/g, "").toUpperCase(),
    thumbprintSha256: cert.fingerprint256.replace(/:/g, "").toLowerCase(),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

/** Reads a federated token file on every use, as workload identity files are rotated in place. */
export function fileAssertion(path: string, label: string): () => Promise<string> {
  return async () => {
    try {
      const token = (await readFile(path, "utf8")).trim();
      if (!token) throw new Error("the file is empty");
      return token;
    } catch (e) {
      throw new UsageError(
        `${label}: cannot read the federated token from ${path}: ${(e as Error).message}`,
      );
    }
  };
}

/** Splits a repeatable `name=path` flag value. */
export function parseNamedPath(value: string, flag: string): [string, string] {
  const i = value.indexOf("=");
  if (i <= 0 || i === value.length - 1)
    throw new UsageError(
      `${flag} ${value}: expected <app name>=<path>`,
      `e.g. ${flag} orders-caller=./orders-caller.pem`,
    );
  return [value.slice(0, i), value.slice(i + 1)];
}
