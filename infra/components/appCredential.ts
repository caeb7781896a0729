/**
 * Declares a daemon app's credential and describes it in the shape of the stack outputs.
 * Only a client secret's value is sensitive; certificates and federated credentials carry
 * public material only.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { CredentialOutput } from "../outputs";
import type { ValidatedCredential } from "../validation/model";
import type { Lifted } from "../lifted";
import { RotatingSecret } from "./rotatingSecret";

/**
 * @param name the app's name; children are named `${name}-<credential kind>`.
 * @param applicationId resource id of the app's Application.
 */
export function declareCredential(
  name: string,
  applicationId: pulumi.Input<string>,
  credential: ValidatedCredential,
  parent: pulumi.Resource,
): Lifted<CredentialOutput> {
  switch (credential.type) {
    case "secret": {
      const secret = new RotatingSecret(
        `${name}-secret`,
        { applicationId, generation: credential.generation, lifetimeDays: credential.lifetimeDays },
        { parent },
      );
      return {
        type: "secret",
        secret: secret.value,
        expiresAt: secret.endDate,
        createdAt: secret.startDate,
        keyId: secret.keyId,
      };
    }
    case "certificate": {
      const cert = credential.certificate;
      new azuread.ApplicationCertificate(
        `${name}-certificate`,
        {
          applicationId,
          type: "AsymmetricX509Cert",
          encoding: "pem",
          value: cert.pem,
          // Both dates come from the certificate, so re-runs never replace the credential.
          startDate: cert.startDate,
          endDate: cert.endDate,
        },
        { parent },
      );
      return {
        type: "certificate",
        thumbprint: cert.thumbprint,
        expiresAt: cert.endDate,
        createdAt: cert.startDate,
      };
    }
    case "federated": {
      new azuread.ApplicationFederatedIdentityCredential(
        `${name}-federated`,
        {
          applicationId,
          // Entra's credential name: unique per app, letters, digits, '-' and '_' (app names comply).
          displayName: `${name}-federated`,
          description: credential.description,
          issuer: credential.issuer,
          subject: credential.subject,
          audiences: credential.audiences,
        },
        { parent },
      );
      return {
        type: "federated",
        issuer: credential.issuer,
        subject: credential.subject,
        audiences: credential.audiences,
      };
    }
  }
}
