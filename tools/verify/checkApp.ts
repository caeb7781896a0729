import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import type { ConfidentialClientApplication } from "@azure/msal-node";
import type { MsalNetworkClient } from "../net/msalNetworkClient";
import { classifyTokenError, type Failure } from "./failure";
import {
  hintFor,
  HINT_BAD_TOKEN,
  HINT_EXTRA_ROLES,
  HINT_MISSING_ROLES,
  HINT_UNAVAILABLE,
} from "./hints";
import { createMsalClient } from "./msalClient";
import {
  backoffMs,
  delayBeforeRetry,
  isRetryable,
  mayBeReplicating,
  sleep,
  type RetryPolicy,
} from "./retry";
import { diffRoles, rolesClaim } from "./roles";
import { TenantUnavailableError, type OpenIdMetadata, type TenantContext } from "./tenant";
import { InvalidTokenError, validateAccessToken } from "./tokenValidation";
import type { AppResult, AppTarget, CheckError, CheckResult, ResourceCheckTarget } from "./types";

export interface AppCheckDeps {
  tenant: TenantContext;
  networkClient: MsalNetworkClient;
  policy: RetryPolicy;
  allowExtraRoles: boolean;
  expiryWarningDays: number;
  showClaims: boolean;
  now: () => number;
}

/** Outcome of one app plus whether its failures were only about reaching the authority. */
export interface AppOutcome {
  result: AppResult;
  unreachable: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Verifies one app: one msal-node client for all its resources, each token validated and its
 * roles compared with the grant, retrying what Entra's replication and throttling make
 * transient until the app's deadline.
 */
export async function verifyApp(target: AppTarget, deps: AppCheckDeps): Promise<AppOutcome> {
  const started = deps.now();
  const deadline = started + deps.policy.deadlineMs;
  const expiresAt = target.credential.expiresAt ?? null;
  const credential: AppResult["credential"] = { type: target.credential.type, expiresAt };
  let expired = false;
  if (expiresAt) {
    const left = Date.parse(expiresAt) - started;
    if (left <= 0) expired = true;
    else if (left < deps.expiryWarningDays * DAY_MS) {
      credential.warning = `the ${target.credential.type} expires in ${Math.ceil(left / DAY_MS)} day(s), on ${expiresAt.slice(0, 10)}: rotate it soon`;
    }
  }

  let metadata: OpenIdMetadata;
  try {
    metadata = await withTenantRetries(() => deps.tenant.metadata(), deadline, deps);
  } catch (e) {
    const err = tenantError(e);
    return {
      unreachable: e instanceof TenantUnavailableError && e.unreachable,
      result: {
        name: target.name,
        clientId: target.clientId,
        status: "fail",
        credential,
        checks: target.checks.map((c) => failedCheck(c, err.error, 0)),
      },
    };
  }

  const session = {
    client: createMsalClient(target, deps.tenant.authority, metadata, deps.networkClient),
  };
  const renew = () => {
    // msal-node remembers a 429/5xx per instance and then fails locally until the throttle
    // time passes; a fresh instance (no network cost: metadata is handed over) starts clean.
    session.client = createMsalClient(target, deps.tenant.authority, metadata, deps.networkClient);
  };
  const checks: CheckResult[] = [];
  let unreachable = false;
  for (const check of target.checks) {
    const r = await runCheck(target, check, session, renew, deadline, deps);
    if (r.unreachable) unreachable = true;
    checks.push(r.check);
  }

  if (expired) {
    for (const c of checks) {
      if (c.status === "pass") {
        c.status = "fail";
        c.error = {
          code: "credential_expired",
          message: `the ${target.credential.type} expired on ${expiresAt}, yet a token was issued: check the stack outputs are current`,
          hint: "rotate the credential (bump credential.generation for secrets) and run `pulumi up`",
        };
      }
    }
    credential.warning = `the ${target.credential.type} expired on ${expiresAt}`;
  }
  const status = checks.every((c) => c.status === "pass") && !expired ? "pass" : "fail";
  return {
    unreachable: unreachable && status === "fail",
    result: { name: target.name, clientId: target.clientId, status, credential, checks },
  };
}

async function runCheck(
  target: AppTarget,
  check: ResourceCheckTarget,
  session: { client: ConfidentialClientApplication },
  renew: () => void,
  deadline: number,
  deps: AppCheckDeps,
): Promise<{ check: CheckResult; unreachable: boolean }> {
  const fresh = {
    credentialMayBeReplicating: mayBeReplicating(
      target.credential.type === "federated" ? undefined : target.credential.createdAt,
      deps.now(),
      deps.policy.deadlineMs,
    ),
  };
  const resource = check.scope.replace(/\/\.default$/, "");
  let attempt = 0;
  for (;;) {
    attempt++;
    const correlationId = randomUUID();
    let failure: Failure | undefined;
    let accessToken: string | undefined;
    try {
      const res = await session.client.acquireTokenByClientCredential({
        scopes: [check.scope],
        skipCache: true,
        correlationId,
      });
      if (!res?.accessToken) throw new Error("msal-node returned no access token");
      accessToken = res.accessToken;
    } catch (e) {
      failure = classifyTokenError(e, deps.networkClient.takeRetryAfter(correlationId));
    }

    if (accessToken !== undefined) {
      try {
        const { claims, version } = await validateAccessToken(accessToken, deps.tenant, {
          clientId: target.clientId,
          resource,
          resourceAppId: check.resourceAppId,
        });
        const granted = rolesClaim(claims);
        const diff = diffRoles(check.expectedRoles, granted);
        const base: CheckResult = {
          resource: check.resource,
          scope: check.scope,
          status: "pass",
          tokenVersion: version,
          expectedRoles: [...check.expectedRoles].sort(),
          grantedRoles: granted,
          missingRoles: diff.missing,
          extraRoles: diff.extra,
          attempts: attempt,
          ...(deps.showClaims ? { claims: decodeJwt(accessToken) as Record<string, unknown> } : {}),
        };
        if (diff.missing.length) {
          // A new grant takes a while to show up in tokens; only an old one is final.
          if (fresh.credentialMayBeReplicating) {
            const wait = backoffMs(attempt, deps.policy);
            if (deps.now() + wait < deadline) {
              await sleep(wait);
              continue;
            }
          }
          base.status = "fail";
          base.error = {
            code: "missing_roles",
            message: `the token lacks ${diff.missing.join(", ")}${granted.length ? ` (it has ${granted.join(", ")})` : " (it has no roles claim)"}`,
            hint: HINT_MISSING_ROLES,
          };
        } else if (diff.extra.length && !deps.allowExtraRoles) {
          base.status = "fail";
          base.error = {
            code: "extra_roles",
            message: `the token also carries ${diff.extra.join(", ")}, which this stack did not grant`,
            hint: HINT_EXTRA_ROLES,
          };
        }
        return { check: base, unreachable: false };
      } catch (e) {
        if (e instanceof InvalidTokenError) {
          return {
            check: failedCheck(
              check,
              { code: "invalid_token", message: e.message, hint: HINT_BAD_TOKEN },
              attempt,
            ),
            unreachable: false,
          };
        }
        if (e instanceof TenantUnavailableError) {
          failure = {
            kind: e.unreachable ? "transient" : "permanent",
            unreachable: e.unreachable,
            error: tenantError(e).error,
          };
        } else {
          throw e;
        }
      }
    }

    const f = failure as Failure;
    if (f.kind === "throttled" || f.kind === "transient") renew();
    if (isRetryable(f, fresh)) {
      const wait = delayBeforeRetry(f, attempt, deps.policy);
      if (deps.now() + wait < deadline) {
        await sleep(wait);
        continue;
      }
      if (f.kind === "throttled" || f.kind === "transient") {
        f.error = {
          ...f.error,
          message: `${f.error.message} (gave up after ${attempt} attempt(s) within --wait)`,
        };
      }
    }
    return { check: failedCheck(check, f.error, attempt), unreachable: f.unreachable };
  }
}

function failedCheck(check: ResourceCheckTarget, error: CheckError, attempts: number): CheckResult {
  return {
    resource: check.resource,
    scope: check.scope,
    status: "fail",
    tokenVersion: null,
    expectedRoles: [...check.expectedRoles].sort(),
    grantedRoles: [],
    missingRoles: [],
    extraRoles: [],
    attempts,
    error,
  };
}

function tenantError(e: unknown): { error: CheckError } {
  if (e instanceof TenantUnavailableError) {
    const code = e.aadsts ? `AADSTS${e.aadsts}` : e.unreachable ? "network_error" : "bad_metadata";
    return { error: { code, message: e.message, hint: hintFor(e.aadsts) ?? HINT_UNAVAILABLE } };
  }
  throw e;
}

async function withTenantRetries<T>(
  fn: () => Promise<T>,
  deadline: number,
  deps: AppCheckDeps,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof TenantUnavailableError) || !e.unreachable) throw e;
      const wait = backoffMs(attempt, deps.policy);
      if (deps.now() + wait >= deadline) throw e;
      await sleep(wait);
    }
  }
}
