/**
 * An application's credentials, added through Graph the way the azuread provider (v3) adds them:
 * client secrets with `addPassword` (Entra generates the value), certificates by reading the
 * application's keyCredentials and writing the list back with one more entry, federated
 * credentials with a POST. Ids follow the provider: `{objectId}/{kind}/{keyId}`.
 */
import { randomUUID, X509Certificate } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { Json } from "./graphClient";
import {
  asArray,
  checkInputs,
  compact,
  goDurationMs,
  objectIdOf,
  rfc3339,
  type MockContext,
  type MockResult,
} from "./mockContext";

type Args = pulumi.runtime.MockResourceArgs;

const PASSWORD_INPUTS = [
  "applicationId",
  "displayName",
  "startDate",
  "endDate",
  "endDateRelative",
  // A keeper: it only decides when Pulumi replaces the password; nothing of it reaches Graph.
  "rotateWhenChanged",
];

/** POST /applications/{id}/addPassword; the secret is Graph's `secretText`, returned once. */
export async function createPassword(args: Args, ctx: MockContext): Promise<MockResult> {
  checkInputs(args, PASSWORD_INPUTS);
  const i = args.inputs;
  const objectId = objectIdOf(i.applicationId, "applications");
  const pw = await ctx.exclusive(objectId, () =>
    ctx.graph.request("POST", `/applications/${objectId}/addPassword`, {
      passwordCredential: compact({
        displayName: i.displayName,
        startDateTime: i.startDate,
        endDateTime: endDate(i),
      }),
    }),
  );
  const keyId = String(pw.keyId);
  ctx.ledger.credentials.push({
    kind: "password",
    name: args.name,
    applicationObjectId: objectId,
    keyId,
    endDateTime: rfc3339(String(pw.endDateTime)),
  });
  return {
    id: `${objectId}/password/${keyId}`,
    state: {
      ...i,
      displayName: pw.displayName,
      keyId,
      value: pw.secretText,
      startDate: rfc3339(String(pw.startDateTime)),
      endDate: rfc3339(String(pw.endDateTime)),
    },
  };
}

const CERTIFICATE_INPUTS = [
  "applicationId",
  "type",
  "encoding",
  "value",
  "keyId",
  "startDate",
  "endDate",
  "endDateRelative",
];

/** GET the application, PATCH keyCredentials with the stored entries plus this one. */
export async function createCertificate(args: Args, ctx: MockContext): Promise<MockResult> {
  checkInputs(args, CERTIFICATE_INPUTS);
  const i = args.inputs;
  const objectId = objectIdOf(i.applicationId, "applications");
  const keyId = String(i.keyId ?? randomUUID());
  const credential = compact({
    keyId,
    type: i.type ?? "AsymmetricX509Cert",
    usage: "Verify",
    key: encodeKey(String(i.value), i.encoding ?? "pem"),
    startDateTime: i.startDate,
    endDateTime: endDate(i),
  });
  const stored = await ctx.exclusive(objectId, async () => {
    const app = await ctx.graph.request("GET", `/applications/${objectId}`);
    await ctx.graph.request("PATCH", `/applications/${objectId}`, {
      keyCredentials: [...asArray(app.keyCredentials), credential],
    });
    // Read back, as the provider's Read does: the dates are what the tenant stored.
    const after = await ctx.graph.request("GET", `/applications/${objectId}`);
    return asArray(after.keyCredentials).find((k) => k.keyId === keyId);
  });
  if (!stored) throw new Error(`certificate ${keyId} is not on the application after the PATCH`);
  ctx.ledger.credentials.push({
    kind: "certificate",
    name: args.name,
    applicationObjectId: objectId,
    keyId,
    endDateTime: rfc3339(String(stored.endDateTime)),
  });
  return {
    id: `${objectId}/certificate/${keyId}`,
    state: {
      ...i,
      keyId,
      type: stored.type,
      startDate: rfc3339(String(stored.startDateTime)),
      endDate: rfc3339(String(stored.endDateTime)),
    },
  };
}

const FEDERATED_INPUTS = [
  "applicationId",
  "displayName",
  "description",
  "issuer",
  "subject",
  "audiences",
];

/** POST /applications/{id}/federatedIdentityCredentials; the provider's displayName is Graph's name. */
export async function createFederatedCredential(args: Args, ctx: MockContext): Promise<MockResult> {
  checkInputs(args, FEDERATED_INPUTS);
  const i = args.inputs;
  const objectId = objectIdOf(i.applicationId, "applications");
  const fic = await ctx.graph.request(
    "POST",
    `/applications/${objectId}/federatedIdentityCredentials`,
    compact({
      name: i.displayName,
      description: i.description,
      issuer: i.issuer,
      subject: i.subject,
      audiences: i.audiences,
    }),
  );
  ctx.ledger.credentials.push({
    kind: "federated",
    name: args.name,
    applicationObjectId: objectId,
    id: String(fic.id),
    issuer: String(fic.issuer),
    subject: String(fic.subject),
    audiences: asArray<string>(fic.audiences),
  });
  return {
    id: `${objectId}/federatedIdentityCredential/${fic.id}`,
    state: { ...i, credentialId: fic.id, audiences: fic.audiences },
  };
}

/**
 * The provider's end date: `endDate` as given, else now + `endDateRelative` (from `startDate`
 * when one is given), else none (Graph then picks its default).
 */
function endDate(i: Json): string | undefined {
  if (typeof i.endDate === "string" && i.endDate) return rfc3339(i.endDate);
  if (typeof i.endDateRelative !== "string" || !i.endDateRelative) return undefined;
  const from = typeof i.startDate === "string" ? Date.parse(i.startDate) : Date.now();
  return rfc3339(new Date(from + goDurationMs(i.endDateRelative)));
}

/**
 * keyCredentials.key as the provider encodes `value`: base64 of the PEM text for "pem"; DER given
 * as base64 or hex is first wrapped as PEM, then base64-encoded the same way.
 */
function encodeKey(value: string, encoding: unknown): string {
  if (encoding === "pem") return Buffer.from(value, "utf8").toString("base64");
  const der =
    encoding === "base64"
      ? Buffer.from(value.trim(), "base64")
      : encoding === "hex"
        ? Buffer.from(value.trim(), "hex")
        : undefined;
  if (!der)
    throw new Error(`certificate encoding ${JSON.stringify(encoding)} is not pem, base64 or hex`);
  return Buffer.from(new X509Certificate(der).toString(), "utf8").toString("base64");
}
