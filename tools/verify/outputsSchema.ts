import { z } from "zod";
import type { StackOutputs } from "../../infra/outputs";
import { UsageError } from "../errors";
import { GUID } from "../../infra/guid";

const guid = z.string().regex(GUID, "expected a GUID");
const rfc3339 = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "expected an RFC 3339 date");

const grant = z.object({
  api: z.string().min(1),
  resourceAppId: z.string().min(1),
  scope: z.string().regex(/\/\.default$/, "expected '<resource>/.default'"),
  roles: z.array(z.string()),
});

const credential = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("secret"),
    secret: z.string().min(1),
    expiresAt: rfc3339,
    createdAt: rfc3339.optional(),
    keyId: z.string().optional(),
  }),
  z.object({
    type: z.literal("certificate"),
    thumbprint: z.string().regex(/^[0-9a-f]{40}$/i, "expected a SHA-1 thumbprint (40 hex digits)"),
    expiresAt: rfc3339,
    createdAt: rfc3339.optional(),
  }),
  z.object({
    type: z.literal("federated"),
    issuer: z.string().min(1),
    subject: z.string().min(1),
    audiences: z.array(z.string()),
  }),
]);

const app = z.object({
  clientId: guid,
  servicePrincipalObjectId: z.string().min(1),
  credential,
  grants: z.array(grant),
});

// Stacks may export more than our contract; only our keys are checked.
const outputs = z.object({
  tenantId: z.string().min(1),
  authorityHost: z.string().url(),
  apps: z.record(z.string(), app),
});

/**
 * Parses `pulumi stack output --json --show-secrets` (or the same JSON from a file). Errors name
 * the JSON path and say how to fix it.
 */
export function parseStackOutputs(json: unknown, source: string): StackOutputs {
  const r = outputs.safeParse(json);
  if (r.success) {
    for (const [name, a] of Object.entries(r.data.apps)) {
      if (a.credential.type === "secret" && a.credential.secret === "[secret]") {
        throw new UsageError(
          `${source}: apps.${name}.credential.secret is masked ("[secret]")`,
          "export the outputs with `pulumi stack output --json --show-secrets`",
        );
      }
    }
    return r.data as StackOutputs;
  }
  const lines = r.error.issues.map(
    (i) => `  ${i.path.map(String).join(".") || "(top level)"}: ${i.message}`,
  );
  throw new UsageError(
    `${source} does not look like this project's stack outputs:\n${lines.join("\n")}`,
    "produce it with `pulumi stack output --json --show-secrets --stack <name>` in this project",
  );
}
