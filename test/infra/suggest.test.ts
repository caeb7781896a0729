import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphAppRoles } from "../../infra/msgraph";
import { didYouMean, editDistance, nearest, orList } from "../../infra/validation/suggest";

const graph = graphAppRoles.map((r) => r.value);

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["ab", "ba", 1],
    ["User.Read.All", "User.Raed.All", 1],
    ["Orders.Read", "Orders.Read.All", 4],
  ])("%s -> %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("is zero exactly for equal strings, symmetric, and at most the longer length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe("nearest", () => {
  it("finds the Graph permission behind a typo, a wrong case, a missing suffix", () => {
    expect(nearest("User.Read.Al", graph)[0]).toBe("User.Read.All");
    expect(nearest("user.read.all", graph)).toEqual(["User.Read.All"]);
    expect(nearest("Mail.Sned", graph)[0]).toBe("Mail.Send");
    expect(nearest("User.Read", graph)[0]).toBe("User.Read.All");
    expect(nearest("Completely.Unrelated.Thing", graph)).toEqual([]);
  });

  it("property: suggests only candidates, never the input itself, at most `limit`, and any one-edit typo finds its source", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...graph),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        fc.integer({ min: 1, max: 5 }),
        (value, at, ch, limit) => {
          const pos = at % (value.length + 1);
          const typo = value.slice(0, pos) + ch + value.slice(pos);
          const found = nearest(typo, graph, limit);
          expect(found.length).toBeLessThanOrEqual(limit);
          expect(found).not.toContain(typo);
          for (const name of found) expect(graph).toContain(name);
          if (typo !== value) expect(nearest(typo, graph, 50)).toContain(value);
        },
      ),
    );
  });

  it("words the hint", () => {
    expect(didYouMean("orders", ["orders-api"])).toBe(" Did you mean orders-api?");
    expect(didYouMean("zzz", ["orders-api"])).toBe("");
    expect(orList(["a", "b", "c"])).toBe("a, b or c");
  });
});
