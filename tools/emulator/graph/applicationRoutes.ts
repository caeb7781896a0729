import { jwtVerify } from "jose";
import type { EmulatorContext } from "../context";
import { createApplication, deleteApplication, patchApplication } from "../directory/applications";
import {
  addFederatedCredential,
  addKeyCredential,
  addPassword,
  certificateInfo,
  patchFederatedCredential,
  removePassword,
} from "../directory/credentials";
import { notFound } from "../directory/errors";
import type { Application } from "../directory/model";
import type { Tenant } from "../directory/tenant";
import type { Route } from "../http/router";
import { GraphError } from "./errors";
import { page, parseQuery, selectFields } from "./odata";
import { graphBase, graphRoute, jsonObject, sendGraph } from "./route";
import { applicationJson, ficJson, keyJson, passwordJson } from "./serialize";

/** applications, their credentials and federated identity credentials (Graph v1.0). */
export function applicationRoutes(ctx: EmulatorContext): Route[] {
  // The host is known only once the server listens, so URLs are built per request.
  const base = () => graphBase(ctx);
  const entity = () => `${base()}/$metadata#applications/$entity`;
  return [
    graphRoute(ctx, "GET", "/applications", "read", (x, { tenant }) => {
      const items = [...tenant.applications.values()].map((a) => applicationJson(tenant, a));
      sendGraph(
        x,
        200,
        page(
          items,
          parseQuery(x.url.searchParams, "application"),
          `${base()}/$metadata#applications`,
          x.url,
        ),
      );
    }),
    graphRoute(ctx, "POST", "/applications", "write", async (x, { tenant }) => {
      const app = createApplication(tenant, await jsonObject(x));
      sendGraph(x, 201, { "@odata.context": entity(), ...applicationJson(tenant, app) });
    }),
    graphRoute(ctx, "GET", "/applications/:id", "read", (x, { tenant }) => {
      const select = parseQuery(x.url.searchParams, "application").select;
      // Graph returns certificate bytes only when keyCredentials is explicitly selected.
      const json = applicationJson(
        tenant,
        app(tenant, x.params.id),
        select?.includes("keyCredentials") ?? false,
      );
      sendGraph(x, 200, { "@odata.context": entity(), ...selectFields(json, select) });
    }),
    graphRoute(ctx, "PATCH", "/applications/:id", "write", async (x, { tenant }) => {
      patchApplication(tenant, app(tenant, x.params.id), await jsonObject(x));
      sendGraph(x, 204);
    }),
    graphRoute(ctx, "DELETE", "/applications/:id", "write", (x, { tenant }) => {
      deleteApplication(tenant, app(tenant, x.params.id));
      sendGraph(x, 204);
    }),
    graphRoute(ctx, "POST", "/applications/:id/addPassword", "write", async (x, { tenant }) => {
      const body = await jsonObject(x);
      const req = (body.passwordCredential ?? {}) as Record<string, string | null | undefined>;
      const { credential, secretText } = addPassword(tenant, app(tenant, x.params.id), req);
      sendGraph(x, 200, {
        "@odata.context": `${base()}/$metadata#microsoft.graph.passwordCredential`,
        ...passwordJson(credential, secretText),
      });
    }),
    graphRoute(ctx, "POST", "/applications/:id/removePassword", "write", async (x, { tenant }) => {
      removePassword(tenant, app(tenant, x.params.id), (await jsonObject(x)).keyId);
      sendGraph(x, 204);
    }),
    graphRoute(ctx, "POST", "/applications/:id/addKey", "write", async (x, { tenant }) => {
      const a = app(tenant, x.params.id);
      const body = await jsonObject(x);
      await checkProof(a, body.proof);
      const k = addKeyCredential(tenant, a, (body.keyCredential ?? {}) as Record<string, unknown>);
      sendGraph(x, 200, {
        "@odata.context": `${base()}/$metadata#microsoft.graph.keyCredential`,
        ...keyJson(k),
      });
    }),
    graphRoute(ctx, "POST", "/applications/:id/removeKey", "write", async (x, { tenant }) => {
      const a = app(tenant, x.params.id);
      const body = await jsonObject(x);
      await checkProof(a, body.proof);
      const i = a.keyCredentials.findIndex((k) => k.keyId === String(body.keyId).toLowerCase());
      if (i < 0) throw notFound(String(body.keyId));
      a.keyCredentials.splice(i, 1);
      tenant.changed();
      sendGraph(x, 204);
    }),
    graphRoute(
      ctx,
      "GET",
      "/applications/:id/federatedIdentityCredentials",
      "read",
      (x, { tenant }) => {
        const items = app(tenant, x.params.id).federatedIdentityCredentials.map(ficJson);
        sendGraph(
          x,
          200,
          page(
            items,
            parseQuery(x.url.searchParams, "federatedIdentityCredential"),
            `${base()}/$metadata#applications('${x.params.id}')/federatedIdentityCredentials`,
            x.url,
          ),
        );
      },
    ),
    graphRoute(
      ctx,
      "POST",
      "/applications/:id/federatedIdentityCredentials",
      "write",
      async (x, { tenant }) => {
        const f = addFederatedCredential(tenant, app(tenant, x.params.id), await jsonObject(x));
        sendGraph(x, 201, {
          "@odata.context": `${base()}/$metadata#applications('${x.params.id}')/federatedIdentityCredentials/$entity`,
          ...ficJson(f),
        });
      },
    ),
    graphRoute(
      ctx,
      "GET",
      "/applications/:id/federatedIdentityCredentials/:fid",
      "read",
      (x, { tenant }) => {
        sendGraph(x, 200, ficJson(fic(app(tenant, x.params.id), x.params.fid)));
      },
    ),
    graphRoute(
      ctx,
      "PATCH",
      "/applications/:id/federatedIdentityCredentials/:fid",
      "write",
      async (x, { tenant }) => {
        const a = app(tenant, x.params.id);
        patchFederatedCredential(tenant, a, fic(a, x.params.fid), await jsonObject(x));
        sendGraph(x, 204);
      },
    ),
    graphRoute(
      ctx,
      "DELETE",
      "/applications/:id/federatedIdentityCredentials/:fid",
      "write",
      (x, { tenant }) => {
        const a = app(tenant, x.params.id);
        a.federatedIdentityCredentials = a.federatedIdentityCredentials.filter(
          (f) => f !== fic(a, x.params.fid),
        );
        tenant.changed();
        sendGraph(x, 204);
      },
    ),
  ];
}

/** By object id, or by appId through Graph's alternate key `applications(appId='...')`. */
function app(t: Tenant, id: string): Application {
  const a = id.toLowerCase().startsWith("appid=") ? t.appByAppId(id.slice(6)) : t.appById(id);
  if (!a) throw notFound(id.replace(/^appId=/i, ""));
  return a;
}

function fic(a: Application, idOrName: string) {
  const f = a.federatedIdentityCredentials.find(
    (c) => c.id === idOrName.toLowerCase() || c.name === idOrName,
  );
  if (!f) throw notFound(idOrName);
  return f;
}

/**
 * addKey/removeKey require proof of possession of a key already on the application: a JWT
 * signed with that certificate's private key, aud 00000002-0000-0000-c000-000000000000,
 * iss = the application's object id, valid for at most ten minutes (Graph's documented rules).
 */
async function checkProof(a: Application, proof: unknown): Promise<void> {
  if (typeof proof !== "string")
    throw new GraphError(400, "Request_BadRequest", "Property 'proof' is required.");
  for (const k of a.keyCredentials) {
    try {
      const { payload } = await jwtVerify(proof, certificateInfo(k).cert.publicKey, {
        audience: "00000002-0000-0000-c000-000000000000",
        issuer: a.id,
        algorithms: ["RS256", "PS256"],
      });
      if (
        typeof payload.exp === "number" &&
        typeof payload.nbf === "number" &&
        payload.exp - payload.nbf <= 600
      )
        return;
    } catch {
      // try the next key
    }
  }
  throw new GraphError(
    400,
    "Request_BadRequest",
    "Key credential proof of possession validation failed.",
  );
}
