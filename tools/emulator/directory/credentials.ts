import { createHash, randomUUID, X509Certificate } from "node:crypto";
import { iso } from "./util";
import { badRequest, notFound } from "./errors";
import type {
  Application,
  FederatedIdentityCredential,
  KeyCredential,
  PasswordCredential,
} from "./model";
import { hashSecret, newClientSecret } from "./secrets";
import type { Tenant } from "./tenant";

const TWO_YEARS_MS = 2 * 365 * 24 * 3600_000;

export interface PasswordRequest {
  displayName?: string | null;
  startDateTime?: string | Date | null;
  endDateTime?: string | Date | null;
}

/**
 * applications/{id}/addPassword: Entra generates the secret and returns it exactly once; only
 * its salted hash and three-character hint are kept (default lifetime two years, as Graph).
 */
export function addPassword(
  t: Tenant,
  app: Application,
  req: PasswordRequest = {},
): { credential: PasswordCredential; secretText: string } {
  const secretText = newClientSecret();
  const start = date(req.startDateTime, "startDateTime") ?? new Date();
  const end = date(req.endDateTime, "endDateTime") ?? new Date(start.getTime() + TWO_YEARS_MS);
  if (end <= start) throw badRequest("Key credential end date is invalid.");
  const credential: PasswordCredential = {
    keyId: randomUUID(),
    displayName: req.displayName ?? null,
    hint: secretText.slice(0, 3),
    startDateTime: iso(start),
    endDateTime: iso(end),
    createdAt: Date.now(),
    ...hashSecret(secretText),
  };
  app.passwordCredentials.push(credential);
  t.changed();
  return { credential, secretText };
}

export function removePassword(t: Tenant, app: Application, keyId: unknown): void {
  const i = app.passwordCredentials.findIndex((c) => c.keyId === String(keyId).toLowerCase());
  if (i < 0) throw notFound(String(keyId));
  app.passwordCredentials.splice(i, 1);
  t.changed();
}

/** Parsed certificate facts the token endpoint needs, cached per stored credential. */
export interface CertificateInfo {
  cert: X509Certificate;
  sha1Hex: string;
  sha256Hex: string;
}

const certCache = new WeakMap<KeyCredential, CertificateInfo>();

export function certificateInfo(k: KeyCredential): CertificateInfo {
  let info = certCache.get(k);
  if (!info) {
    const der = Buffer.from(k.key, "base64");
    info = {
      cert: new X509Certificate(der),
      sha1Hex: createHash("sha1").update(der).digest("hex").toUpperCase(),
      sha256Hex: createHash("sha256").update(der).digest("hex").toUpperCase(),
    };
    certCache.set(k, info);
  }
  return info;
}

/** A new key credential from Graph JSON (`key` = base64 DER, or a PEM for convenience). */
export function newKeyCredential(input: Record<string, unknown>): KeyCredential {
  if (typeof input.key !== "string" || input.key.length === 0)
    throw badRequest("Property 'keyCredentials.key' is required for a new key credential.");
  let der: Buffer;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(
      input.key.includes("BEGIN CERTIFICATE") ? input.key : Buffer.from(input.key, "base64"),
    );
    // Stored as DER whatever arrived: base64 DER, a PEM, or base64 of a PEM (what the azuread
    // provider sends for encoding "pem"), so thumbprints are the certificate's.
    der = cert.raw;
  } catch {
    throw badRequest(
      "Key credential is not valid: the key must be a base64-encoded X.509 certificate.",
    );
  }
  const start = date(input.startDateTime, "startDateTime") ?? new Date(cert.validFrom);
  const end = date(input.endDateTime, "endDateTime") ?? new Date(cert.validTo);
  if (end.getTime() > new Date(cert.validTo).getTime() + 1000)
    throw badRequest(
      "Key credential end date is invalid: it is later than the certificate's expiry.",
    );
  const customKeyIdentifier =
    typeof input.customKeyIdentifier === "string"
      ? input.customKeyIdentifier
      : createHash("sha1").update(der).digest("base64");
  return {
    keyId: typeof input.keyId === "string" ? input.keyId.toLowerCase() : randomUUID(),
    displayName:
      typeof input.displayName === "string" ? input.displayName : cert.subject.replace(/\n/g, ", "),
    type: typeof input.type === "string" ? input.type : "AsymmetricX509Cert",
    usage: typeof input.usage === "string" ? input.usage : "Verify",
    startDateTime: iso(start),
    endDateTime: iso(end),
    customKeyIdentifier,
    key: der.toString("base64"),
    createdAt: Date.now(),
  };
}

/**
 * PATCH of `keyCredentials`, as the azuread provider adds and removes certificates: it GETs the
 * app (Graph returns `key: null` for stored keys), appends or drops one entry and PATCHes the
 * whole list back. Entries without `key` must name a stored keyId, which is kept as stored.
 */
export function patchKeyCredentials(
  app: Application,
  list: Record<string, unknown>[],
): KeyCredential[] {
  const out: KeyCredential[] = [];
  for (const entry of list) {
    const keyId = typeof entry.keyId === "string" ? entry.keyId.toLowerCase() : undefined;
    const existing = keyId ? app.keyCredentials.find((k) => k.keyId === keyId) : undefined;
    if (entry.key === null || entry.key === undefined) {
      if (!existing)
        throw badRequest(
          `Property 'keyCredentials.key' is required for key credential '${keyId ?? ""}'.`,
        );
      out.push(existing);
    } else {
      out.push(newKeyCredential(entry));
    }
  }
  const ids = new Set(out.map((k) => k.keyId));
  if (ids.size !== out.length) throw badRequest("Duplicate keyId in keyCredentials.");
  return out;
}

export function addKeyCredential(
  t: Tenant,
  app: Application,
  input: Record<string, unknown>,
): KeyCredential {
  const k = newKeyCredential(input);
  if (app.keyCredentials.some((c) => c.keyId === k.keyId))
    throw badRequest(`A key credential with keyId '${k.keyId}' already exists.`);
  app.keyCredentials.push(k);
  t.changed();
  return k;
}

/** applications/{id}/federatedIdentityCredentials: the checks Graph documents (one audience, 20 per app, unique name). */
export function addFederatedCredential(
  t: Tenant,
  app: Application,
  body: Record<string, unknown>,
): FederatedIdentityCredential {
  const fic = validateFic(app, body, undefined);
  app.federatedIdentityCredentials.push(fic);
  t.changed();
  return fic;
}

export function patchFederatedCredential(
  t: Tenant,
  app: Application,
  fic: FederatedIdentityCredential,
  body: Record<string, unknown>,
): void {
  Object.assign(fic, validateFic(app, { ...fic, ...body, id: fic.id }, fic));
  t.changed();
}

function validateFic(
  app: Application,
  b: Record<string, unknown>,
  current: FederatedIdentityCredential | undefined,
): FederatedIdentityCredential {
  for (const p of ["name", "issuer", "subject"]) {
    if (typeof b[p] !== "string" || (b[p] as string).length === 0)
      throw badRequest(`Property '${p}' is required.`);
  }
  const audiences = b.audiences;
  if (!Array.isArray(audiences) || audiences.length !== 1 || typeof audiences[0] !== "string") {
    throw badRequest("Property 'audiences' must contain exactly one value.");
  }
  const name = b.name as string;
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/.test(name))
    throw badRequest(
      `Federated identity credential name '${name}' is invalid: 3-120 characters, letters, digits, '-' and '_'.`,
    );
  const others = app.federatedIdentityCredentials.filter((f) => f !== current);
  if (others.some((f) => f.name.toLowerCase() === name.toLowerCase()))
    throw badRequest(
      `A federated identity credential named '${name}' already exists on this application.`,
    );
  if (!current && others.length >= 20)
    throw badRequest("An application can have at most 20 federated identity credentials.");
  return {
    id: current?.id ?? randomUUID(),
    name,
    issuer: b.issuer as string,
    subject: b.subject as string,
    audiences: [audiences[0]],
    description: typeof b.description === "string" ? b.description : null,
  };
}

function date(v: unknown, prop: string): Date | undefined {
  if (v === undefined || v === null) return undefined;
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime()))
    throw badRequest(`Invalid value specified for property '${prop}'.`);
  return d;
}
