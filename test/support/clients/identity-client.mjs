// @azure/identity's ClientSecretCredential with authorityHost pointed at the emulator, as a user
// would configure it; instance discovery (a call to login.microsoftonline.com) is turned off.
import { ClientSecretCredential } from "@azure/identity";

const cfg = JSON.parse(process.env.CLIENT_CONFIG ?? "{}");
const credential = new ClientSecretCredential(cfg.tenantId, cfg.clientId, cfg.clientSecret, {
  authorityHost: cfg.authorityHost,
  disableInstanceDiscovery: true,
});
try {
  const token = await credential.getToken(cfg.scope);
  process.stdout.write(
    JSON.stringify({ accessToken: token.token, expiresOnTimestamp: token.expiresOnTimestamp }) +
      "\n",
  );
} catch (e) {
  process.stdout.write(JSON.stringify({ error: { name: e.name, message: e.message } }) + "\n");
  process.exitCode = 1;
}
