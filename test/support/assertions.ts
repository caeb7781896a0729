import { createHash, randomUUID } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import type { ClientCertificate } from "./certs";

export interface AssertionOptions {
  clientId: string;
  audience: string;
  alg?: "RS256" | "PS256";
  /** Thumbprint header: x5t (SHA-1, default with RS256) or x5t#S256 (default with PS256). */
  thumbprint?: "x5t" | "x5t#S256" | "none";
  /** Override claims (iss, sub, exp, nbf, ...). */
  claims?: Record<string, unknown>;
  /** Sign with this key instead of the certificate's (to forge a bad signature). */
  signingKeyPem?: string;
}

/** A client assertion built by hand, as RFC 7523 and Entra's certificate-credentials page describe. */
export async function clientAssertion(
  cert: ClientCertificate,
  o: AssertionOptions,
): Promise<string> {
  const alg = o.alg ?? "RS256";
  const mode = o.thumbprint ?? (alg === "PS256" ? "x5t#S256" : "x5t");
  const header: Record<string, unknown> = { alg, typ: "JWT" };
  const der = Buffer.from(cert.certPem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  if (mode === "x5t") header.x5t = createHash("sha1").update(der).digest("base64url");
  if (mode === "x5t#S256")
    header["x5t#S256"] = createHash("sha256").update(der).digest("base64url");
  const now = Math.floor(Date.now() / 1000);
  const key = await importPKCS8(o.signingKeyPem ?? cert.privateKeyPem, alg);
  return new SignJWT({
    aud: o.audience,
    iss: o.clientId,
    sub: o.clientId,
    jti: randomUUID(),
    nbf: now,
    exp: now + 600,
    ...o.claims,
  })
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}
