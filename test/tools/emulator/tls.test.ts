/** Transport: real TLS from a CA generated at start, loopback only, verification never relaxed. */
import { X509Certificate } from "node:crypto";
import { connect as netConnect } from "node:net";
import { networkInterfaces } from "node:os";
import { connect as tlsConnect, type PeerCertificate } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

let a: TestEmulator;
let b: TestEmulator;
beforeAll(async () => {
  [a, b] = await Promise.all([startTestEmulator(), startTestEmulator()]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

function handshake(
  e: TestEmulator,
  opts: { host: string; servername?: string; ca?: string },
): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect(
      { host: opts.host, port: e.port, servername: opts.servername, ca: opts.ca },
      () => {
        const peer = s.getPeerCertificate();
        s.end();
        resolve(peer);
      },
    );
    s.on("error", reject);
  });
}

describe("TLS", () => {
  it("uses a fresh CA certificate with CA:TRUE and keyCertSign", () => {
    const ca = new X509Certificate(a.caPem);
    expect(ca.ca).toBe(true);
    expect(ca.checkIssued(ca)).toBe(true);
    expect(ca.publicKey.asymmetricKeyType).toBe("ec");
    expect(new X509Certificate(b.caPem).fingerprint256).not.toBe(ca.fingerprint256);
  });

  it("serves a leaf for localhost and 127.0.0.1 issued by that CA, verifiable by name and by IP", async () => {
    const byIp = await handshake(a, { host: "127.0.0.1", ca: a.caPem });
    expect(byIp.subjectaltname).toBe("DNS:localhost, IP Address:127.0.0.1");
    expect(new X509Certificate(byIp.raw).checkIssued(new X509Certificate(a.caPem))).toBe(true);
    await expect(
      handshake(a, { host: "127.0.0.1", servername: "localhost", ca: a.caPem }),
    ).resolves.toBeTruthy();
  });

  it("is rejected by clients that do not trust its CA, including another emulator's", async () => {
    await expect(handshake(a, { host: "127.0.0.1" })).rejects.toThrow(/certificate|self.signed/i);
    await expect(handshake(a, { host: "127.0.0.1", ca: b.caPem })).rejects.toThrow(
      /certificate|self.signed|verify/i,
    );
  });

  it("listens on 127.0.0.1 only", async () => {
    expect(new URL(a.authorityHost).hostname).toBe("127.0.0.1");
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal);
    if (external) {
      await expect(
        new Promise((resolve, reject) => {
          const s = netConnect({ host: external.address, port: a.port }, () => {
            s.destroy();
            resolve("connected");
          });
          s.on("error", reject);
        }),
      ).rejects.toMatchObject({ code: "ECONNREFUSED" });
    }
  });
});
