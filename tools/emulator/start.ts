import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { controlRoutes } from "./control";
import type { EmulatorContext } from "./context";
import { SigningKeys } from "./crypto/signingKeys";
import { generateTlsMaterial } from "./crypto/tls";
import { addPassword } from "./directory/credentials";
import { Directory } from "./directory/directory";
import { directoryFacade } from "./directory/facade";
import type { Tenant } from "./directory/tenant";
import { Faults } from "./faults";
import { Federation } from "./federation";
import { applicationRoutes } from "./graph/applicationRoutes";
import { servicePrincipalRoutes } from "./graph/servicePrincipalRoutes";
import { Router } from "./http/router";
import { createServer } from "./http/server";
import { discoveryRoutes } from "./identity/discovery";
import { tokenRoutes } from "./identity/token";
import { RequestLog } from "./requestLog";
import { loadState, StateWriter } from "./state";
import type { ClientCredentials, EmulatorOptions, RunningEmulator } from "./types";
import { GUID } from "../../infra/guid";

/** The emulator's default tenant: a fixed GUID so scripts and docs can name it. */
export const DEFAULT_TENANT_ID = "7e1ca1e5-0e1a-4d5e-9a7b-0e3b1a5e7001";
/** The default tenant's verified domain. */
export const DEFAULT_TENANT_DOMAIN = "emulator.onmicrosoft.com";

/**
 * Starts the emulator: a CA and TLS leaf, a token-signing key, the directory (fresh, or from
 * `statePath`), and an HTTPS server on 127.0.0.1 serving the identity endpoints, the Graph
 * subset and the `/_emulator` control path. Resolves once it accepts connections.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const tenantId = (options.tenantId ?? DEFAULT_TENANT_ID).toLowerCase();
  if (!GUID.test(tenantId)) throw new Error(`tenant id '${options.tenantId}' is not a GUID`);
  const [tls, keys] = await Promise.all([generateTlsMaterial(), SigningKeys.create()]);
  const directory =
    (options.statePath ? loadState(options.statePath) : undefined) ?? new Directory();
  const tenant =
    directory.get(tenantId) ??
    directory.addTenant(
      tenantId,
      tenantId === DEFAULT_TENANT_ID ? DEFAULT_TENANT_DOMAIN : undefined,
    );
  const admin = adminSecret(tenant);
  const writer = options.statePath ? new StateWriter(options.statePath, directory) : undefined;

  const ctx: EmulatorContext = {
    authorityHost: "",
    directory,
    keys,
    federation: new Federation(),
    faults: new Faults(options.faults ?? []),
  };
  const log = new RequestLog();
  const router = new Router().add(
    ...discoveryRoutes(ctx),
    ...tokenRoutes(ctx),
    ...applicationRoutes(ctx),
    ...servicePrincipalRoutes(ctx),
    ...controlRoutes(ctx, log),
  );
  const logLine = options.quiet
    ? undefined
    : (options.log ?? ((line: string) => void process.stderr.write(`emulator: ${line}\n`)));
  const server = createServer({
    tls,
    router,
    log,
    latencyMs: options.latencyMs ?? 0,
    authorityHost: () => ctx.authorityHost,
    logLine,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.authorityHost = `https://127.0.0.1:${port}`;

  const tempDir = options.caOut ? undefined : mkdtempSync(join(tmpdir(), "onboard-emulator-"));
  const caFile = options.caOut ?? join(tempDir!, "ca.pem");
  writeFileSync(caFile, tls.caPem);
  await writer?.flush();

  let closed: Promise<void> | undefined;
  return {
    authorityHost: ctx.authorityHost,
    port,
    tenantId: tenant.id,
    tenantDomain: tenant.domain,
    graphBaseUrl: `${ctx.authorityHost}/v1.0`,
    caFile,
    caPem: tls.caPem,
    admin,
    directory: directoryFacade(directory, tenant.id),
    federation: { mint: (args) => ctx.federation.mint(args) },
    async addTenant(id, domain) {
      const t = directory.addTenant(id, domain);
      return { tenantId: t.id, tenantDomain: t.domain, admin: adminSecret(t) };
    },
    setFaults: (rules) => ctx.faults.set(rules),
    faults: () => ctx.faults.list(),
    rotateSigningKey: () => keys.rotate(),
    signingKeyIds: async () => (await keys.jwks()).keys.map((k) => k.kid),
    requestLog: () => log.snapshot(),
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await keys.settle();
        await writer?.flush();
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/**
 * A fresh secret for the tenant's admin app, printed at start-up. Only its hash is stored, so a
 * restart from `--state` issues a new one (earlier ones stay valid until they expire). It is
 * exempt from the replication-delay fault: it exists before any client could ask.
 */
function adminSecret(t: Tenant): ClientCredentials {
  const app = t.appByAppId(t.adminAppId);
  if (!app) throw new Error(`tenant ${t.id} has no admin app`);
  const { credential, secretText } = addPassword(t, app, {
    displayName: `emulator start ${new Date().toISOString()}`,
  });
  credential.createdAt = 0;
  return { clientId: app.appId, clientSecret: secretText };
}
