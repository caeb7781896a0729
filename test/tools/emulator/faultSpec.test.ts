import { describe, expect, it } from "vitest";
import { parseFaultSpec } from "../../../tools/emulator/faultSpec";
import { Faults } from "../../../tools/emulator/faults";

describe("--fault specs", () => {
  it.each([
    ["429", { kind: "throttle" }],
    ["throttle:retry-after=2,count=3", { kind: "throttle", retryAfterSeconds: 2, count: 3 }],
    ["503:target=graph,for=30s", { kind: "unavailable", target: "graph", forMs: 30_000 }],
    [
      "drop:count=1,app=11111111-2222-4333-8444-555555555555",
      { kind: "drop", count: 1, appId: "11111111-2222-4333-8444-555555555555" },
    ],
    ["latency:ms=250", { kind: "latency", ms: 250 }],
    ["latency:ms=2m,target=any", { kind: "latency", ms: 120_000, target: "any" }],
    [
      "replication:ms=30s,objects=secret+roleAssignment",
      { kind: "replicationDelay", ms: 30_000, objects: ["secret", "roleAssignment"] },
    ],
  ])("%s", (spec, rule) => {
    expect(parseFaultSpec(spec)).toEqual(rule);
  });

  it.each([
    ["teapot", /unknown kind 'teapot'/],
    ["429:count=two", /count must be a whole number/],
    ["429:colour=red", /unknown key 'colour'/],
    ["latency", /ms/],
    ["latency:ms=fast", /duration/],
    ["503:target=everywhere", /target/],
    ["replication:ms=1s,objects=users", /objects/],
    ["429:count", /expected key=value/],
  ])("rejects %s", (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});

describe("Faults", () => {
  it("rejects an invalid rule set as a whole and keeps the rules in force", () => {
    const f = new Faults([{ kind: "latency", ms: 5 }]);
    expect(() => f.set([{ kind: "drop" }, { kind: "latency", ms: -1 }])).toThrow(/ms/);
    expect(f.list()).toEqual([{ kind: "latency", ms: 5 }]);
  });

  it("applies a rule only to its app and area, and counts down", () => {
    const f = new Faults([{ kind: "throttle", appId: "A", count: 2 }]);
    expect(f.forRequest("token", "B").outcome).toBeUndefined();
    expect(f.forRequest("graph", "A").outcome).toBeUndefined();
    expect(f.forRequest("token", "a").outcome).toEqual({ kind: "throttle", retryAfterSeconds: 5 });
    expect(f.list()).toEqual([expect.objectContaining({ remainingCount: 1 })]);
    f.forRequest("token", "A");
    expect(f.forRequest("token", "A").outcome).toBeUndefined();
  });
});
