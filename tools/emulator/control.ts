import type { EmulatorContext } from "./context";
import { parseFaultRules } from "./faults";
import { authenticate, authorise } from "./graph/auth";
import { GraphError } from "./graph/errors";
import { sendGraph } from "./graph/route";
import type { Exchange } from "./http/exchange";
import type { Route } from "./http/router";
import type { RequestLog } from "./requestLog";

/**
 * The emulator-only control path, `/_emulator/...`: switch faults, roll the signing key over and
 * read the request log while the emulator runs. Authorised like Graph writes: a token the
 * emulator issued for Graph that carries Application.ReadWrite.All (the admin app's), 401 for a
 * bad or foreign token, 403 without the role. Faults never apply to this path.
 */
export function controlRoutes(ctx: EmulatorContext, log: RequestLog): Route[] {
  const route = (
    method: Route["method"],
    path: string,
    handler: (x: Exchange) => Promise<void> | void,
  ): Route => ({
    method,
    pattern: `/_emulator${path}`,
    area: "control",
    handler: async (x) => {
      authorise(await authenticate(ctx, x), "write");
      await handler(x);
    },
  });
  return [
    route("GET", "/requests", (x) => sendGraph(x, 200, log.snapshot())),
    route("GET", "/faults", (x) => sendGraph(x, 200, { rules: ctx.faults.list() })),
    route("POST", "/faults", async (x) => {
      const body = (await x.json()) as { rules?: unknown } | unknown[];
      const rules = Array.isArray(body) ? body : (body as { rules?: unknown }).rules;
      try {
        ctx.faults.set(parseFaultRules(rules ?? []));
      } catch (e) {
        throw new GraphError(400, "BadRequest", (e as Error).message);
      }
      sendGraph(x, 200, { rules: ctx.faults.list() });
    }),
    route("POST", "/keys/rollover", async (x) => {
      ctx.keys.rotate();
      sendGraph(x, 200, { kid: await ctx.keys.activeKid() });
    }),
  ];
}
