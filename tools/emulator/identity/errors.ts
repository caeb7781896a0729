/**
 * Entra's token-service errors. Every non-2xx answer from the identity endpoints is one of
 * these, in Entra's JSON shape (msal-node treats a non-2xx answer without an `error` field as a
 * success). Messages follow what Entra returns for each AADSTS code, as seen in public reports
 * (e.g. Azure/login#482 for 700213, azure-workload-identity#1200 for 700211, msal-dotnet#4951
 * for 700024). invalid_client answers 401, the other errors 400, as Entra does.
 */
export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`AADSTS${code}: ${detail}`);
    this.name = "StsError";
  }
}

const client = (code: number, detail: string) => new StsError(401, "invalid_client", code, detail);
const request = (code: number, detail: string, error = "invalid_request") =>
  new StsError(400, error, code, detail);
const CERT_DOCS =
  "Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .";
const WIF_DOCS = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";
const CHECK_FIC =
  "Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.";

export const Sts = {
  tenantNotFound: (tenant: string) =>
    request(
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      "invalid_tenant",
    ),
  noTenant: () =>
    request(
      50059,
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
    ),
  unknownInstance: () => request(50049, "Unknown or invalid instance.", "invalid_instance"),
  malformed: () => request(9002313, "Invalid request. Request is malformed or invalid."),
  postOnly: (method: string) =>
    request(
      900561,
      `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`,
    ),
  missingParameter: (name: string) =>
    request(900144, `The request body must contain the following parameter: '${name}'.`),
  unsupportedGrant: (grant: string) =>
    request(
      70003,
      `The app requested an unsupported grant type '${grant}'.`,
      "unsupported_grant_type",
    ),
  appNotFound: (clientId: string, directory: string) =>
    request(
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      "unauthorized_client",
    ),
  missingServicePrincipal: (appId: string, tenant: string) =>
    client(
      7000229,
      `The client application ${appId} is missing service principal in the tenant ${tenant}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    ),
  appDisabled: (appId: string, name: string) =>
    request(7000112, `Application '${appId}'(${name}) is disabled.`, "unauthorized_client"),
  missingCredential: () =>
    client(
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  invalidSecret: (appId: string) =>
    client(
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
    ),
  expiredSecret: (appId: string) =>
    client(
      7000222,
      `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    ),
  malformedAssertion: () => request(50027, "JWT token is invalid or malformed."),
  keyNotFound: (thumbprint: string, appId: string) =>
    client(
      700027,
      `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`,
    ),
  badSignature: (reason: string, thumbprint: string, appId: string) =>
    client(
      700027,
      `Client assertion failed signature validation. [Reason - ${reason}, Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`,
    ),
  assertionTime: (now: Date, nbf: number | undefined, exp: number | undefined) =>
    client(
      700024,
      `Client assertion is not within its valid time range. Current time: ${dotnet(now)}, assertion valid from ${dotnet(new Date((nbf ?? 0) * 1000))}, expiry time of assertion ${dotnet(new Date((exp ?? 0) * 1000))}. ${CERT_DOCS}`,
    ),
  assertionAudience: () =>
    client(700023, `Client assertion audience claim does not match Realm issuer. ${CERT_DOCS}`),
  assertionSubject: () =>
    client(
      700021,
      `Client assertion application identifier doesn't match 'client_id' parameter. ${CERT_DOCS}`,
    ),
  ficIssuer: (iss: string) =>
    client(
      700211,
      `No matching federated identity record found for presented assertion issuer '${iss}'. ${CHECK_FIC} ${WIF_DOCS}`,
    ),
  ficAudience: (aud: string) =>
    client(
      700212,
      `No matching federated identity record found for presented assertion audience '${aud}'. ${CHECK_FIC} ${WIF_DOCS}`,
    ),
  ficSubject: (sub: string) =>
    client(
      700213,
      `No matching federated identity record found for presented assertion subject '${sub}'. ${CHECK_FIC.replace("Please check", "Check")} ${WIF_DOCS}`,
    ),
  ficSubjectCase: (sub: string) =>
    client(
      7002138,
      `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${CHECK_FIC.replace("Please check", "Check")} See documentation at: ${WIF_DOCS}.`,
    ),
  issuerUnreachable: () => request(50166, "Request to External OIDC endpoint failed."),
  issuerKeyNotFound: (kid: string, iss: string) =>
    client(
      7000272,
      `The certificate with identifier ${kid} used to sign the federated credential could not be found in the metadata of identity provider ${iss}. Please validate that your Identity Provider's metadata exposes the key used to sign the incoming token.`,
    ),
  scopeMissing: () =>
    request(70011, "The provided request must include a 'scope' input parameter.", "invalid_scope"),
  scopeInvalid: (scope: string) =>
    request(
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      "invalid_scope",
    ),
  scopeNotDefault: (scope: string) =>
    request(
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      "invalid_scope",
    ),
  resourceNotFound: (resource: string, tenantName: string) =>
    request(
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      "invalid_resource",
    ),
  // The resource requires assignment (appRoleAssignmentRequired) and the client holds no role on it.
  notAssigned: (
    client: { appId: string; name: string },
    resource: { appId: string; name: string },
  ) =>
    request(
      501051,
      `Application '${client.appId}'(${client.name}) is not assigned to a role for the application '${resource.appId}'(${resource.name}).`,
      "invalid_grant",
    ),
  resourceDisabled: (appId: string) =>
    request(
      500014,
      `The service principal for resource '${appId}' is disabled.`,
      "invalid_resource",
    ),
  // Fault injection: Entra's throttling and transient-outage answers.
  throttled: (retryAfterSeconds: number) =>
    new StsError(
      429,
      "temporarily_unavailable",
      90055,
      "There are too many incoming requests. Please try again later.",
      { "retry-after": String(retryAfterSeconds) },
    ),
  unavailable: (retryAfterSeconds?: number) =>
    new StsError(
      503,
      "temporarily_unavailable",
      90033,
      "A transient error has occurred. Please try again.",
      retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {},
    ),
};

/** The JSON body Entra sends with an error. */
export function stsErrorBody(
  e: StsError,
  traceId: string,
  correlationId: string,
  authorityHost: string,
  now = new Date(),
) {
  const timestamp = now
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.detail} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authorityHost}/error?code=${e.code}`,
  };
}

/** .NET's round-trip date format, which Entra uses inside messages: 2024-10-02T22:05:03.6755165Z. */
function dotnet(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}
