/**
 * The Pulumi program. Everything is checked before anything is declared: the config offline,
 * then the roles of external APIs against their service principals, looked up once per API.
 * A function, not module-level code, so the offline rehearsal can run it under mocks as often
 * as it likes.
 */
import type * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "./config";
import { ConfigValidationError } from "./errors";
import { externalApiIds, lookupServicePrincipals } from "./lookups";
import type { StackOutputs } from "./outputs";
import { declareResources } from "./resources";
import { checkRemoteRoles, type ResourceServicePrincipal } from "./validation/remoteRoles";
import { validateStackConfig } from "./validation/validateConfig";

export interface ProgramOptions {
  /** "Now" for certificate checks; defaults to the current time. */
  now?: Date;
}

export async function runProgram(options: ProgramOptions = {}) {
  const result = validateStackConfig(readStackConfig(), { now: options.now });
  if (!result.ok) throw new ConfigValidationError(result.issues);
  const config = result.config;

  const lookups = await lookupServicePrincipals(externalApiIds(config));
  const remoteIssues = checkRemoteRoles(config, lookups);
  if (remoteIssues.length > 0) throw new ConfigValidationError(remoteIssues);
  const servicePrincipals = new Map<string, ResourceServicePrincipal>();
  for (const [appId, outcome] of lookups) if (outcome.ok) servicePrincipals.set(appId, outcome.sp);

  // Leaves stay plain outputs: only credential.secret is a Pulumi secret, so
  // `pulumi stack output` shows the rest without --show-secrets.
  const outputs = {
    tenantId: config.tenantId,
    authorityHost: config.cloud.authorityHost,
    apps: declareResources(config, servicePrincipals),
  };
  // The contract with `onboard verify`: this fails to compile if the outputs drift from it.
  type _Contract = AssertAssignable<pulumi.Unwrap<typeof outputs>, StackOutputs>;
  return outputs;
}

type AssertAssignable<T extends U, U> = T;
