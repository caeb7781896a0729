/**
 * One line per AADSTS code saying what to do about it. Codes and meanings from Microsoft's
 * "Microsoft Entra authentication and authorization error codes" reference.
 */
const HINTS: Record<string, string> = {
  "7000215":
    "the secret is wrong: check you copied the secret's Value, not its Secret ID, and that it was not rotated since",
  "7000222":
    "the secret has expired: bump credential.generation in the stack config and run `pulumi up` to rotate it",
  "700016":
    "the app is not in this tenant (yet): wrong tenant, or replication is still running; retry with a longer --wait",
  "7000229":
    "the app has no service principal in this tenant: run `pulumi up` so the program creates it",
  "90002":
    "tenant not found: check azuread:tenantId / AZURE_TENANT_ID and the cloud (--cloud or AZURE_AUTHORITY_HOST)",
  "500011":
    "the resource API has no service principal in this tenant: register it here, or wait for replication",
  "501051":
    "the app holds no role on this API, which requires assignment: grant one (admin consent) with `pulumi up`, or wait for replication with a longer --wait",
  "70011": "invalid scope: client credentials take exactly one '<resource>/.default' scope",
  "1002012": "invalid scope: client credentials take exactly one '<resource>/.default' scope",
  "700027":
    "the client assertion's signature did not verify: the private key does not belong to the certificate registered on the app",
  "700024":
    "the client assertion is outside its valid time range: check this machine's clock and the assertion's exp/nbf",
  "700211":
    "no federated credential on the app trusts this issuer: compare the token's iss with credential.issuer",
  "700212":
    "no federated credential on the app accepts this audience: compare the token's aud with credential.audiences",
  "700213":
    "no federated credential on the app matches this subject: compare the token's sub with credential.subject",
  "7000112":
    "the app is disabled: enable its service principal (Enterprise applications > Properties > Enabled)",
  "50049": "unknown authority: check --authority-host / AZURE_AUTHORITY_HOST or --cloud",
};

export function hintFor(aadsts: string | undefined): string | undefined {
  if (!aadsts) return undefined;
  return HINTS[aadsts.replace(/^AADSTS/, "")] || undefined;
}

export const HINT_THROTTLED =
  "the authority is throttling requests (429): retry later, or verify fewer apps at once with --concurrency";
export const HINT_UNAVAILABLE =
  "the authority kept failing or could not be reached before the deadline: check the network and --authority-host, or raise --wait";
export const HINT_MISSING_ROLES =
  "the token lacks granted roles: admin consent (app role assignment) is missing or not replicated yet; run `pulumi up`, or retry with a longer --wait";
export const HINT_EXTRA_ROLES =
  "the app holds roles it was not granted here (over-privileged): remove the extra app role assignments, or pass --allow-extra-roles";
export const HINT_BAD_TOKEN =
  "the token did not validate: check the tenant, cloud and authority host match where the app lives";
