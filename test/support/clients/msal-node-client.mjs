// An unmodified msal-node client, run as its own process so it trusts the emulator's CA the
// standard way (NODE_EXTRA_CA_CERTS). Config comes in CLIENT_CONFIG (JSON); the result goes to
// stdout as one JSON line: {accessToken} or {error: {errorCode, errorNo, message}}.
import { ConfidentialClientApplication } from "@azure/msal-node";

const cfg = JSON.parse(process.env.CLIENT_CONFIG ?? "{}");
const auth = {
  clientId: cfg.clientId,
  authority: cfg.authority,
  knownAuthorities: [new URL(cfg.authority).host],
};
if (cfg.clientSecret) auth.clientSecret = cfg.clientSecret;
if (cfg.certificate) auth.clientCertificate = cfg.certificate;
if (cfg.tlsProbe) {
  // Report how a plain fetch of the authority fares in this environment (TLS trust diagnostics).
  const probe = await fetch(cfg.authority + "/v2.0/.well-known/openid-configuration").then(
    (r) => `HTTP ${r.status}`,
    (e) => String(e.cause?.code ?? e.message),
  );
  process.stdout.write(JSON.stringify({ probe }) + "\n");
}
try {
  const result = await new ConfidentialClientApplication({ auth }).acquireTokenByClientCredential({
    scopes: [cfg.scope],
  });
  process.stdout.write(
    JSON.stringify({ accessToken: result.accessToken, tokenType: result.tokenType }) + "\n",
  );
} catch (e) {
  process.stdout.write(
    JSON.stringify({ error: { errorCode: e.errorCode, errorNo: e.errorNo, message: e.message } }) +
      "\n",
  );
  process.exitCode = 1;
}
