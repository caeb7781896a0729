import { ConfidentialClientApplication, LogLevel, type Configuration } from "@azure/msal-node";
import type { MsalNetworkClient } from "../net/msalNetworkClient";
import type { OpenIdMetadata } from "./tenant";
import type { AppTarget } from "./types";

/** Hosts msal-node knows (it carries their cloud discovery metadata); others are passed as known authorities. */
const MICROSOFT_HOSTS = new Set([
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "sts.windows.net",
  "login.microsoftonline.us",
  "login.usgovcloudapi.net",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
]);

/**
 * One msal-node ConfidentialClientApplication for an app, configured so it never goes to the
 * network for metadata: the tenant's OpenID configuration is handed over as `authorityMetadata`
 * (fetched once per tenant) and a non-Microsoft host is a known authority (no instance discovery
 * against login.microsoftonline.com). msal-node's internal retries are off: verify owns retries.
 */
export function createMsalClient(
  target: AppTarget,
  authority: string,
  metadata: OpenIdMetadata,
  networkClient: MsalNetworkClient,
): ConfidentialClientApplication {
  const host = new URL(authority).host;
  const auth: Configuration["auth"] = {
    clientId: target.clientId,
    authority,
    authorityMetadata: JSON.stringify(metadata),
    knownAuthorities: MICROSOFT_HOSTS.has(new URL(authority).hostname) ? [] : [host],
  };
  const cred = target.credential;
  switch (cred.type) {
    case "secret":
      auth.clientSecret = cred.secret;
      break;
    case "certificate":
      auth.clientCertificate = {
        thumbprintSha256: cred.thumbprintSha256,
        privateKey: cred.privateKeyPem,
        x5c: cred.certificatePem,
      };
      break;
    case "federated":
      auth.clientAssertion = () => cred.assertion();
      break;
  }
  return new ConfidentialClientApplication({
    auth,
    system: {
      networkClient,
      disableInternalRetries: true,
      // msal logs can carry request details; we report errors ourselves from ServerError.
      loggerOptions: {
        logLevel: LogLevel.Error,
        piiLoggingEnabled: false,
        loggerCallback: () => undefined,
      },
    },
  });
}
