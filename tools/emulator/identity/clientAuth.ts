import {
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from "jose";
import type { EmulatorContext } from "../context";
import { certificateInfo } from "../directory/credentials";
import type { Application } from "../directory/model";
import { secretMatches } from "../directory/secrets";
import type { Tenant } from "../directory/tenant";
import { Sts } from "./errors";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Entra tolerates five minutes of clock skew on assertion times. */
const SKEW_S = 300;

export interface ClientCredentials {
  secret?: string;
  assertion?: string;
  assertionType?: string;
}

export interface AuthContext {
  ctx: EmulatorContext;
  tenant: Tenant;
  app: Application;
  /** Replication-delay view for this request. */
  hides(object: "secret" | "certificate", createdAt: number): boolean;
}

/**
 * Authenticates the client and returns its authentication method as Entra encodes it in
 * `appidacr`/`azpacr`: "1" for a client secret, "2" for a certificate or federated assertion.
 */
export async function authenticateClient(a: AuthContext, c: ClientCredentials): Promise<"1" | "2"> {
  if (c.assertion !== undefined) {
    if (c.assertionType === undefined) throw Sts.missingParameter("client_assertion_type");
    if (c.assertionType !== JWT_BEARER) throw Sts.malformed();
    let header: ProtectedHeaderParameters;
    let payload: JWTPayload;
    try {
      header = decodeProtectedHeader(c.assertion);
      payload = decodeJwt(c.assertion);
    } catch {
      throw Sts.malformedAssertion();
    }
    // A self-signed client assertion is issued by the client itself; anything else is a token
    // from an external issuer presented under a federated identity credential.
    if (typeof payload.iss === "string" && payload.iss.toLowerCase() === a.app.appId)
      await certificateAssertion(a, c.assertion, header, payload);
    else await federatedAssertion(a, c.assertion, header, payload);
    return "2";
  }
  if (c.secret !== undefined) {
    checkSecret(a, c.secret);
    return "1";
  }
  throw Sts.missingCredential();
}

function checkSecret(a: AuthContext, secret: string): void {
  const now = Date.now();
  const cred = a.app.passwordCredentials.find((p) => secretMatches(secret, p));
  if (!cred || a.hides("secret", cred.createdAt) || Date.parse(cred.startDateTime) > now)
    throw Sts.invalidSecret(a.app.appId);
  if (Date.parse(cred.endDateTime) <= now) throw Sts.expiredSecret(a.app.appId);
}

/**
 * private_key_jwt as msal signs it: PS256 with `x5t#S256` (SHA-256 thumbprint) or RS256 with
 * `x5t` (SHA-1); iss = sub = client id; aud = this tenant's token endpoint. The key is the
 * certificate registered on the app, found by thumbprint, never one supplied in `x5c`.
 */
async function certificateAssertion(
  a: AuthContext,
  jwt: string,
  header: ProtectedHeaderParameters,
  payload: JWTPayload,
): Promise<void> {
  const appId = a.app.appId;
  const s256 = header["x5t#S256"];
  const thumbprint =
    typeof s256 === "string" ? hex(s256) : typeof header.x5t === "string" ? hex(header.x5t) : "";
  const key = a.app.keyCredentials.find((k) => {
    const info = certificateInfo(k);
    return typeof s256 === "string" ? info.sha256Hex === thumbprint : info.sha1Hex === thumbprint;
  });
  if (!key || a.hides("certificate", key.createdAt) || key.usage !== "Verify")
    throw Sts.keyNotFound(thumbprint, appId);
  try {
    await compactVerify(jwt, certificateInfo(key).cert.publicKey, {
      algorithms: ["RS256", "PS256"],
    });
  } catch {
    throw Sts.badSignature(
      "Key was found, but use of the key to verify the signature failed.",
      thumbprint,
      appId,
    );
  }
  const now = Date.now();
  if (Date.parse(key.endDateTime) <= now)
    throw Sts.badSignature("The key used is expired.", thumbprint, appId);
  if (Date.parse(key.startDateTime) > now)
    throw Sts.badSignature("The key used is not yet valid.", thumbprint, appId);
  if (typeof payload.sub !== "string" || payload.sub.toLowerCase() !== appId)
    throw Sts.assertionSubject();
  const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const accepted = acceptedAudiences(a.ctx, a.tenant);
  if (!auds.some((x) => typeof x === "string" && accepted.has(x.toLowerCase())))
    throw Sts.assertionAudience();
  checkTimes(payload);
}

/**
 * A federated credential matches on issuer, then audience, then subject (case-sensitive since
 * 2024), and Entra names the first that fails: 700211, 700212, 700213 (7002138 when only the
 * case differs). Only then is the issuer's signature checked against its published keys.
 */
async function federatedAssertion(
  a: AuthContext,
  jwt: string,
  header: ProtectedHeaderParameters,
  payload: JWTPayload,
): Promise<void> {
  const iss = String(payload.iss ?? "");
  const sub = String(payload.sub ?? "");
  const auds = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
    (x): x is string => typeof x === "string",
  );
  const byIssuer = a.app.federatedIdentityCredentials.filter((f) => f.issuer === iss);
  if (byIssuer.length === 0) throw Sts.ficIssuer(iss);
  const byAudience = byIssuer.filter((f) => f.audiences.some((x) => auds.includes(x)));
  if (byAudience.length === 0) throw Sts.ficAudience(auds.join(","));
  if (!byAudience.some((f) => f.subject === sub)) {
    if (byAudience.some((f) => f.subject.toLowerCase() === sub.toLowerCase()))
      throw Sts.ficSubjectCase(sub);
    throw Sts.ficSubject(sub);
  }
  if (!a.ctx.federation.knows(iss)) throw Sts.issuerUnreachable();
  const key = await a.ctx.federation.publicKey(iss, header.kid);
  if (!key) throw Sts.issuerKeyNotFound(String(header.kid ?? ""), iss);
  try {
    await compactVerify(jwt, key, { algorithms: ["RS256"] });
  } catch {
    throw Sts.badSignature(
      "Key was found, but use of the key to verify the signature failed.",
      String(header.kid ?? ""),
      a.app.appId,
    );
  }
  checkTimes(payload);
}

function checkTimes(payload: JWTPayload): void {
  const now = Date.now() / 1000;
  if (
    typeof payload.exp !== "number" ||
    now > payload.exp + SKEW_S ||
    (typeof payload.nbf === "number" && payload.nbf > now + SKEW_S)
  ) {
    throw Sts.assertionTime(
      new Date(),
      typeof payload.nbf === "number" ? payload.nbf : undefined,
      typeof payload.exp === "number" ? payload.exp : undefined,
    );
  }
}

/** The token endpoints (v2 and v1, by tenant id or domain, on either host alias) and the v2 issuer. */
function acceptedAudiences(ctx: EmulatorContext, t: { id: string; domain: string }): Set<string> {
  const port = new URL(ctx.authorityHost).port;
  const out = new Set<string>();
  for (const host of [`https://127.0.0.1:${port}`, `https://localhost:${port}`]) {
    for (const name of [t.id, t.domain]) {
      for (const suffix of ["oauth2/v2.0/token", "oauth2/token", "v2.0"])
        out.add(`${host}/${name}/${suffix}`.toLowerCase());
    }
  }
  return out;
}

/** base64url thumbprint -> upper-case hex, as Entra prints thumbprints. */
function hex(b64url: string): string {
  return Buffer.from(b64url, "base64url").toString("hex").toUpperCase();
}
