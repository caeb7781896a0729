import { generateKeyPair, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { signRs256 } from "./crypto/jwt";

const generateKeyPairAsync = promisify(generateKeyPair);

export interface MintArgs {
  issuer: string;
  subject: string;
  audience: string;
  lifetimeSeconds?: number;
  notBefore?: Date;
}

interface IssuerKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * Stands in for external identity providers (GitHub Actions, Kubernetes, another cloud) whose
 * tokens an app's federated credential trusts. Real Entra fetches the issuer's OIDC metadata and
 * JWKS; the emulator never leaves loopback, so it holds the issuer keys itself: an issuer it has
 * minted for is "reachable", any other is not, which fails as Entra fails to reach an issuer.
 */
export class Federation {
  private readonly keys = new Map<string, Promise<IssuerKey>>();

  async mint(args: MintArgs): Promise<string> {
    const key = await this.keyFor(args.issuer);
    const nbf = Math.floor((args.notBefore?.getTime() ?? Date.now()) / 1000);
    const exp = nbf + (args.lifetimeSeconds ?? 600);
    return signRs256(
      { typ: "JWT", kid: key.kid },
      {
        iss: args.issuer,
        sub: args.subject,
        aud: args.audience,
        iat: nbf,
        nbf,
        exp,
        jti: randomUUID(),
      },
      key.privateKey,
    );
  }

  /** Whether the emulator can act as this issuer (i.e. "fetch its metadata"). */
  knows(issuer: string): boolean {
    return this.keys.has(issuer);
  }

  /** The issuer's public key for `kid`, or undefined when its JWKS holds no such key. */
  async publicKey(issuer: string, kid: unknown): Promise<KeyObject | undefined> {
    const key = await this.keys.get(issuer);
    return key && key.kid === kid ? key.publicKey : undefined;
  }

  private keyFor(issuer: string): Promise<IssuerKey> {
    let key = this.keys.get(issuer);
    if (!key) {
      key = generateKeyPairAsync("rsa", { modulusLength: 2048 }).then(
        ({ privateKey, publicKey }) => ({
          kid: randomBytes(16).toString("base64url"),
          privateKey,
          publicKey,
        }),
      );
      this.keys.set(issuer, key);
    }
    return key;
  }
}
