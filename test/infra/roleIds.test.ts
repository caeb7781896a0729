import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appRoleId, uuidV5 } from "../../infra/roleIds";

describe("deterministic app role ids", () => {
  it("is RFC 9562 UUIDv5 (known vector: www.example.com in the DNS namespace)", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("property: stable across calls, version 5 / RFC variant, distinct for distinct (api, role) pairs", () => {
    const pair = fc.tuple(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.string({ minLength: 1, maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(pair, {
          minLength: 2,
          maxLength: 30,
          selector: ([a, r]) => JSON.stringify([a, r]),
        }),
        (pairs) => {
          const ids = pairs.map(([api, role]) => appRoleId(api, role));
          expect(pairs.map(([api, role]) => appRoleId(api, role))).toEqual(ids);
          for (const id of ids)
            expect(id).toMatch(
              /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
            );
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
    );
  });

  it("does not confuse pairs that concatenate alike", () => {
    expect(appRoleId("orders-api", "Read")).not.toBe(appRoleId("orders", "-apiRead"));
    expect(appRoleId("a", "b.c")).not.toBe(appRoleId("a.b", "c"));
  });
});
