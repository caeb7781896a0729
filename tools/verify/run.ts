import { HttpsClient } from "../net/https";
import { MsalNetworkClient } from "../net/msalNetworkClient";
import { verifyApp, type AppOutcome } from "./checkApp";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry";
import { TenantContext } from "./tenant";
import type { AppTarget, VerifyReport } from "./types";

export interface VerifyOptions {
  targets: AppTarget[];
  /** Deadline per app for retries, in ms (--wait). */
  waitMs: number;
  allowExtraRoles?: boolean;
  expiryWarningDays?: number;
  /** Apps verified at once. */
  concurrency?: number;
  showClaims?: boolean;
  /** Extra CA certificates to trust (in-process emulator); users rely on NODE_EXTRA_CA_CERTS. */
  extraCaPem?: string[];
  extraCaFiles?: string[];
  /** Shared client, so callers (benchmarks, rehearsal) can count requests. Closed by the caller. */
  http?: HttpsClient;
  retry?: Partial<Omit<RetryPolicy, "deadlineMs">>;
  now?: () => number;
  onProgress?: (done: number, total: number) => void;
}

export interface VerifyOutcome {
  report: VerifyReport;
  /** Every failure was about reaching the authority (exit 3 rather than 1). */
  unreachableOnly: boolean;
}

/**
 * Verifies every target: tenants' metadata and keys are shared (one fetch per tenant), one
 * msal-node client per app, apps run `concurrency` at a time.
 */
export async function verifyApps(o: VerifyOptions): Promise<VerifyOutcome> {
  const now = o.now ?? Date.now;
  const started = now();
  const http =
    o.http ?? new HttpsClient({ extraCaPem: o.extraCaPem, extraCaFiles: o.extraCaFiles });
  const networkClient = new MsalNetworkClient(http);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...o.retry, deadlineMs: o.waitMs };
  const tenants = new Map<string, TenantContext>();
  const tenantFor = (t: AppTarget) => {
    const key = `${t.authorityHost.replace(/\/+$/, "").toLowerCase()}|${t.tenantId.toLowerCase()}`;
    let ctx = tenants.get(key);
    if (!ctx) tenants.set(key, (ctx = new TenantContext(t.authorityHost, t.tenantId, http)));
    return ctx;
  };

  const outcomes: AppOutcome[] = new Array(o.targets.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < o.targets.length) {
      const i = next++;
      const target = o.targets[i];
      outcomes[i] = await verifyApp(target, {
        tenant: tenantFor(target),
        networkClient,
        policy,
        allowExtraRoles: o.allowExtraRoles ?? false,
        expiryWarningDays: o.expiryWarningDays ?? 30,
        showClaims: o.showClaims ?? false,
        now,
      });
      o.onProgress?.(++done, o.targets.length);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 16, o.targets.length)) }, worker),
    );
  } finally {
    if (!o.http) http.close();
  }

  const apps = outcomes.map((x) => x.result);
  const failed = apps.filter((a) => a.status === "fail");
  return {
    report: {
      ok: failed.length === 0,
      apps,
      summary: {
        passed: apps.length - failed.length,
        failed: failed.length,
        durationMs: Math.round(now() - started),
      },
    },
    unreachableOnly:
      failed.length > 0 &&
      outcomes.filter((x) => x.result.status === "fail").every((x) => x.unreachable),
  };
}
