import { jwtVerify, errors as joseErrors } from "jose";
import { checkClaims, tokenVersion, type TokenVersion } from "./claims";
import type { TenantContext } from "./tenant";
import { GUID } from "../../infra/guid";

/** Entra stamps nbf a few minutes back; allow for small clock differences on top. */
const CLOCK_TOLERANCE_S = 120;

export interface ValidToken {
  claims: Record<string, unknown>;
  version: TokenVersion;
}

export class InvalidTokenError extends Error {}

/**
 * Validates an access token with jose against the tenant's published keys (RS256 only, as Entra
 * signs), then checks issuer, tenant, audience, client and token type.
 */
export async function validateAccessToken(
  token: string,
  tenant: TenantContext,
  expected: { clientId: string; resource: string; resourceAppId?: string },
): Promise<ValidToken> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, tenant.keyResolver(), {
      algorithms: ["RS256"],
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (e) {
    if (e instanceof joseErrors.JOSEError)
      throw new InvalidTokenError(`the token failed validation: ${e.message} (${e.code})`);
    throw e;
  }
  const version = tokenVersion(payload);
  if (!version)
    throw new InvalidTokenError(
      `the token has an unknown version ver=${JSON.stringify(payload.ver)}`,
    );
  const audiences = [
    expected.resource,
    ...(expected.resourceAppId ? [expected.resourceAppId] : []),
  ];
  // v2 tokens carry the resource's appId. When only an identifier URI was given (single-app
  // mode with --scope api://...), any GUID audience is accepted: pass <appId>/.default to pin it.
  if (
    !expected.resourceAppId &&
    version === "2.0" &&
    typeof payload.aud === "string" &&
    GUID.test(payload.aud)
  ) {
    audiences.push(payload.aud);
  }
  const problems = checkClaims(payload, {
    issuer: await tenant.issuer(version),
    tenantId: await tenant.tenantGuid(),
    clientId: expected.clientId,
    audiences,
  });
  if (problems.length)
    throw new InvalidTokenError(`the token's claims are wrong: ${problems.join("; ")}`);
  return { claims: payload, version };
}
