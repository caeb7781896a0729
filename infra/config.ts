/**
 * The one place the program reads stack config. It reads through pulumi.Config, as the engine
 * provides it (structured values arrive as JSON strings), and hands validation the same key ->
 * value map the CLI builds from Pulumi.<stack>.yaml.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS } from "./validation/validateConfig";

export function readStackConfig(): Record<string, unknown> {
  const onboarding = new pulumi.Config("onboarding");
  const azuread = new pulumi.Config("azuread");
  const values: Record<string, unknown> = {};
  // Every onboarding:* key, so a misspelt one (onboarding:app) is reported instead of ignored.
  for (const key of Object.keys(pulumi.runtime.allConfig())) {
    if (key.startsWith("onboarding:"))
      values[key] = onboarding.get(key.slice("onboarding:".length));
  }
  values[CONFIG_KEYS.apis] = onboarding.get("apis");
  values[CONFIG_KEYS.apps] = onboarding.get("apps");
  values[CONFIG_KEYS.tenantId] = azuread.get("tenantId");
  values[CONFIG_KEYS.environment] = azuread.get("environment");
  return values;
}
