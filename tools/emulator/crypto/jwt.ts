import { sign as cryptoSign, type KeyObject } from "node:crypto";

/** base64url of a JSON value, as JWS compact serialisation wants it. */
export function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/**
 * Signs a compact JWS with RS256 through node:crypto's asynchronous `sign`, which runs on the
 * libuv thread pool: RSA signing is the token endpoint's main cost, and this spreads it over
 * every core instead of blocking the event loop. (Verification is done with jose elsewhere.)
 */
export function signRs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): Promise<string> {
  const input = `${b64json({ ...header, alg: "RS256" })}.${b64json(payload)}`;
  return new Promise((resolve, reject) => {
    cryptoSign("sha256", Buffer.from(input), key, (err, sig) => {
      if (err) reject(err);
      else resolve(`${input}.${sig.toString("base64url")}`);
    });
  });
}
