/**
 * Shared by the rehearsal tests: throwaway project folders holding Pulumi.yaml and a stack file,
 * the committed dev stack as a document to vary, and the scan that proves nothing secret was
 * printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { stringify, parse } from "yaml";
import type { RehearseHooks } from "../../tools/rehearse/rehearse";

export const REPO_ROOT = join(__dirname, "../..");

/** The committed Pulumi.dev.yaml as a document (a fresh copy each call, safe to edit). */
export function devStackDocument(): { config: Record<string, unknown> } {
  return parse(readFileSync(join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8"));
}

export interface ProjectDir {
  dir: string;
  remove(): void;
}

/**
 * A project folder as a platform team has one: this repository's Pulumi.yaml (or `projectYaml`)
 * and Pulumi.<stack>.yaml with `stack` (a document, or YAML text as written).
 */
export function projectDir(
  stack: Record<string, unknown> | string | undefined,
  o: { stackName?: string; projectYaml?: string } = {},
): ProjectDir {
  const dir = mkdtempSync(join(tmpdir(), "onboard-rehearse-test-"));
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    o.projectYaml ?? readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8"),
  );
  if (stack !== undefined)
    writeFileSync(
      join(dir, `Pulumi.${o.stackName ?? "dev"}.yaml`),
      typeof stack === "string" ? stack : stringify(stack),
    );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Hooks that collect every secret the rehearsal handles, for `expectNoSecrets`. */
export function collectSecrets(secrets: string[], more: RehearseHooks = {}): RehearseHooks {
  return {
    async afterProvisioning(stack) {
      secrets.push(stack.emulator.admin.clientSecret);
      for (const app of Object.values(stack.outputs.apps))
        if (app.credential.type === "secret") secrets.push(app.credential.secret);
      await more.afterProvisioning?.(stack);
    },
  };
}

/** An Entra-style client secret (3 characters, `8Q~`, 34 more), as the emulator issues them. */
const CLIENT_SECRET = /[A-Za-z0-9]{3}8Q~[A-Za-z0-9_.~-]{34}/;
/** Any JWT: access tokens, client assertions, federated assertions. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./;

/** Nothing secret in `text`: none of `known`, no secret-shaped string, no token, no private key. */
export function expectNoSecrets(text: string, known: readonly string[] = []): void {
  for (const s of known) expect(text.includes(s), "a known secret was printed").toBe(false);
  expect(text).not.toMatch(CLIENT_SECRET);
  expect(text).not.toMatch(JWT);
  expect(text).not.toMatch(/PRIVATE KEY/);
}
