/**
 * Ids of this stack's own app roles. Entra needs a GUID per app role and assignments reference it,
 * so the id must not change between runs: a random id would replace every role (and break every
 * assignment) on each `pulumi up`. A name-based UUID (RFC 9562 version 5) of the API name and the
 * role value is stable, and distinct for distinct pairs.
 */
import { createHash } from "node:crypto";

/** Fixed namespace for this project's role ids. Changing it would re-id every role everywhere. */
export const ROLE_ID_NAMESPACE = "0bae403c-f997-40da-80c9-2efdaa20b022";

/** The id of app role `roleValue` of this stack's API `apiName`. */
export function appRoleId(apiName: string, roleValue: string): string {
  // JSON keeps the pair unambiguous whatever characters the two strings hold.
  return uuidV5(JSON.stringify([apiName, roleValue]), ROLE_ID_NAMESPACE);
}

/** RFC 9562 version-5 UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const bytes = createHash("sha1").update(ns).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
