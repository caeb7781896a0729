import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { signRs256 } from "./jwt";
import { selfSignedCertificate, subtle } from "./x509";

/** One token-signing key, published in JWKS the way Entra publishes its keys. */
export interface SigningKey {
  /** Entra uses the certificate's SHA-1 thumbprint (base64url) as both `kid` and `x5t`. */
  kid: string;
  x5t: string;
  /** base64 DER of the self-signed certificate carrying the public key. */
  x5c: string;
  n: string;
  e: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface Jwk {
  kty: "RSA";
  use: "sig";
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer?: string;
}

/** RSA 2048 key and a self-signed certificate for it (Entra's carry CN=accounts.accesscontrol.windows.net). */
export async function createSigningKey(): Promise<SigningKey> {
  const { cert, keys } = await selfSignedCertificate({
    cn: "accounts.accesscontrol.windows.net",
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 365 * 24 * 3600_000),
  });
  const der = Buffer.from(cert.rawData);
  const thumb = createHash("sha1").update(der).digest("base64url");
  const jwk = await subtle.exportKey("jwk", keys.publicKey);
  const pkcs8 = Buffer.from(await subtle.exportKey("pkcs8", keys.privateKey));
  const privateKey = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  return {
    kid: thumb,
    x5t: thumb,
    x5c: der.toString("base64"),
    n: jwk.n!,
    e: jwk.e!,
    privateKey,
    publicKey: createPublicKey(privateKey),
  };
}

/**
 * The emulator's signing keys: the active one signs new tokens; after a rollover the previous
 * one stays published so tokens already issued keep verifying, as Entra overlaps its keys.
 * `rotate()` is synchronous for callers: the new key is generated in the background and every
 * signature (and JWKS answer) started after the call waits for it.
 */
export class SigningKeys {
  private previous?: SigningKey;
  /** Settles when no rollover is in flight. */
  private pending: Promise<void> = Promise.resolve();

  private constructor(private active: SigningKey) {}

  static async create(): Promise<SigningKeys> {
    return new SigningKeys(await createSigningKey());
  }

  /** Starts a rollover; requests arriving after this call are signed with the new key. */
  rotate(): void {
    this.pending = this.pending
      .then(async () => {
        const next = await createSigningKey();
        this.previous = this.active;
        this.active = next;
      })
      // A failed key generation leaves the current key in place rather than breaking signing.
      .catch(() => undefined);
  }

  /** Resolves once any rollover started so far has completed; returns the active kid. */
  async activeKid(): Promise<string> {
    await this.pending;
    return this.active.kid;
  }

  async sign(payload: Record<string, unknown>): Promise<string> {
    await this.pending;
    const k = this.active;
    return signRs256({ typ: "JWT", x5t: k.x5t, kid: k.kid }, payload, k.privateKey);
  }

  /** The public key for a `kid` we published (active or previous), for validating our own tokens. */
  async publicKey(kid: unknown): Promise<KeyObject | undefined> {
    await this.pending;
    return [this.active, this.previous].find((k) => k !== undefined && k.kid === kid)?.publicKey;
  }

  async jwks(issuer?: string): Promise<{ keys: Jwk[] }> {
    await this.pending;
    const keys = [this.active, this.previous].filter((k): k is SigningKey => k !== undefined);
    return {
      keys: keys.map((k) => ({
        kty: "RSA",
        use: "sig",
        kid: k.kid,
        x5t: k.x5t,
        n: k.n,
        e: k.e,
        x5c: [k.x5c],
        ...(issuer ? { issuer } : {}),
      })),
    };
  }

  /** Lets close() wait for a rollover still generating its key. */
  async settle(): Promise<void> {
    await this.pending.catch(() => undefined);
  }
}
