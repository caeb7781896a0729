/**
 * Pure checks of an access token's claims against what the app and resource should produce.
 * Signature, exp and nbf are checked by jose before this runs.
 */
export interface ExpectedClaims {
  /** The v1 or v2 issuer for this token's version, from the tenant's OpenID configuration. */
  issuer: string;
  tenantId: string;
  clientId: string;
  /** Acceptable audiences: the resource URI as requested and/or the resource appId. */
  audiences: string[];
}

export type TokenVersion = "1.0" | "2.0";

export function tokenVersion(claims: Record<string, unknown>): TokenVersion | undefined {
  return claims.ver === "1.0" || claims.ver === "2.0" ? claims.ver : undefined;
}

/** Returns one sentence per problem; empty when the claims are right. */
export function checkClaims(claims: Record<string, unknown>, want: ExpectedClaims): string[] {
  const problems: string[] = [];
  const ver = tokenVersion(claims);
  if (!ver) {
    problems.push(`unknown token version ver=${JSON.stringify(claims.ver)}`);
    return problems;
  }
  if (claims.iss !== want.issuer)
    problems.push(`iss is ${JSON.stringify(claims.iss)}, expected ${want.issuer}`);
  if (typeof claims.tid !== "string" || claims.tid.toLowerCase() !== want.tenantId.toLowerCase()) {
    problems.push(`tid is ${JSON.stringify(claims.tid)}, expected ${want.tenantId}`);
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === "string" && want.audiences.some((w) => sameAudience(a, w)))) {
    problems.push(
      `aud is ${JSON.stringify(claims.aud)}, expected one of ${want.audiences.join(", ")}`,
    );
  }
  // v1 names the client `appid`, v2 `azp`.
  const clientClaim = ver === "1.0" ? "appid" : "azp";
  if (claims[clientClaim] !== want.clientId) {
    problems.push(
      `${clientClaim} is ${JSON.stringify(claims[clientClaim])}, expected the app's client id ${want.clientId}`,
    );
  }
  if (claims.idtyp !== undefined && claims.idtyp !== "app") {
    problems.push(`idtyp is ${JSON.stringify(claims.idtyp)}, expected "app" (an app-only token)`);
  }
  return problems;
}

/** Resource URIs compare without a trailing slash; GUIDs without case. */
function sameAudience(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\/+$/, "").toLowerCase();
  return norm(a) === norm(b);
}
