/**
 * A local emulator of the Microsoft identity platform's client-credentials endpoints and a
 * Microsoft Graph v1.0 subset, for tests and for trying the tool without a tenant.
 * See `onboard emulator --help`.
 */
export { startEmulator, DEFAULT_TENANT_ID, DEFAULT_TENANT_DOMAIN } from "./start";
export type {
  EmulatorOptions,
  RunningEmulator,
  EmulatorDirectory,
  ClientCredentials,
  AppIds,
  FaultRule,
  FaultLimits,
  FaultTarget,
  ReplicatedObject,
} from "./types";
export { parseFaultSpec } from "./faultSpec";
export { DirectoryError } from "./directory/errors";
