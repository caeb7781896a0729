import { GraphError } from "./errors";

export interface Query {
  filter?: (o: Record<string, unknown>) => boolean;
  select?: string[];
  top?: number;
  skip: number;
}

/**
 * The OData query options clients of this subset use: `$filter` with `eq` on a property
 * (`appId eq '...'`, the azuread provider's service principal lookup), `any()` on a collection
 * (`servicePrincipalNames/any(x:x eq '...')`) and `startswith`; `$select`; `$top` paging.
 */
export function parseQuery(params: URLSearchParams, resource: string): Query {
  const q: Query = { skip: 0 };
  const filter = params.get("$filter");
  if (filter) q.filter = parseFilter(filter.trim(), resource);
  const select = params.get("$select");
  if (select)
    q.select = select
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const top = params.get("$top");
  if (top !== null) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1 || n > 999)
      throw new GraphError(
        400,
        "Request_BadRequest",
        "Invalid page size specified: '" + top + "'. Must be between 1 and 999 inclusive.",
      );
    q.top = n;
  }
  const skip = params.get("$skiptoken");
  if (skip !== null)
    q.skip = Math.max(0, Number.parseInt(Buffer.from(skip, "base64url").toString(), 10) || 0);
  return q;
}

function parseFilter(f: string, resource: string): (o: Record<string, unknown>) => boolean {
  const str = "'((?:[^']|'')*)'";
  const unquote = (s: string) => s.replace(/''/g, "'");
  let m = new RegExp(`^(\\w+) eq ${str}$`, "i").exec(f);
  if (m) {
    const [prop, value] = [m[1], unquote(m[2])];
    return (o) =>
      typeof o[prop] === "string" && (o[prop] as string).toLowerCase() === value.toLowerCase();
  }
  m = new RegExp(`^(\\w+)/any\\((\\w+):\\s*\\2 eq ${str}\\)$`, "i").exec(f);
  if (m) {
    const [prop, value] = [m[1], unquote(m[3]).toLowerCase()];
    return (o) =>
      Array.isArray(o[prop]) &&
      (o[prop] as unknown[]).some((v) => String(v).toLowerCase() === value);
  }
  m = new RegExp(`^startswith\\((\\w+),\\s*${str}\\)$`, "i").exec(f);
  if (m) {
    const [prop, value] = [m[1], unquote(m[2]).toLowerCase()];
    return (o) =>
      typeof o[prop] === "string" && (o[prop] as string).toLowerCase().startsWith(value);
  }
  throw new GraphError(
    400,
    "Request_UnsupportedQuery",
    `Unsupported or invalid query filter clause specified for resource '${resource}': ${f}`,
  );
}

export function selectFields(
  o: Record<string, unknown>,
  select: string[] | undefined,
): Record<string, unknown> {
  if (!select) return o;
  const out: Record<string, unknown> = { id: o.id };
  for (const k of select) if (k in o) out[k] = o[k];
  return out;
}

/** A Graph collection page: `@odata.context`, `value` and, when more remain, `@odata.nextLink`. */
export function page(
  items: Record<string, unknown>[],
  q: Query,
  contextUrl: string,
  selfUrl: URL,
): Record<string, unknown> {
  const filtered = q.filter ? items.filter(q.filter) : items;
  const end = q.top ? q.skip + q.top : filtered.length;
  const value = filtered.slice(q.skip, end).map((o) => selectFields(o, q.select));
  const out: Record<string, unknown> = {
    "@odata.context": q.select ? `${contextUrl}(${q.select.join(",")})` : contextUrl,
    value,
  };
  if (end < filtered.length) {
    const next = new URL(selfUrl);
    next.searchParams.set("$skiptoken", Buffer.from(String(end)).toString("base64url"));
    out["@odata.nextLink"] = next.toString();
  }
  return out;
}
