import type { Exchange } from "./exchange";

/** Which part of the emulator a route belongs to; faults target areas. */
export type Area = "token" | "discovery" | "graph" | "control";

export interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path pattern, `:name` matching one segment, e.g. `/:tenant/oauth2/v2.0/token`. */
  pattern: string;
  area: Area;
  handler: (x: Exchange) => Promise<void> | void;
}

interface Compiled extends Route {
  segments: string[];
  /** `METHOD /pattern` with `{name}` placeholders: the request log's endpoint key. */
  label: string;
}

export type Match =
  { route: Compiled; params: Record<string, string> } | { allowed: string[] } | undefined;

/** A small first-match router: literal segments match case-insensitively, as Entra and Graph do. */
export class Router {
  private readonly routes: Compiled[] = [];

  add(...routes: Route[]): this {
    for (const r of routes) {
      const label = `${r.method} ${r.pattern.replace(/:([A-Za-z]+)/g, "{$1}")}`;
      this.routes.push({ ...r, segments: split(r.pattern), label });
    }
    return this;
  }

  match(method: string, pathname: string): Match {
    const parts = split(normalise(pathname));
    const allowed: string[] = [];
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      if (r.method === method) return { route: r, params };
      allowed.push(r.method);
    }
    return allowed.length ? { allowed } : undefined;
  }
}

/** Graph's alternate-key form `applications(appId='…')` becomes two segments, `applications/appId=…`. */
function normalise(pathname: string): string {
  return pathname.replace(/\(appId='([^'/]*)'\)/gi, "/appId=$1");
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    let part: string;
    try {
      part = decodeURIComponent(parts[i]);
    } catch {
      return undefined;
    }
    if (p.startsWith(":")) params[p.slice(1)] = part;
    else if (p.toLowerCase() !== part.toLowerCase()) return undefined;
  }
  return params;
}
