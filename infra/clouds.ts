/**
 * National clouds, keyed by the values the azuread provider accepts for `azuread:environment`.
 * Authority hosts and Microsoft Graph endpoints are from Microsoft's national-cloud documentation
 * ("Microsoft Graph national cloud deployments").
 */
export interface Cloud {
  /** Our name for it, as `onboard verify --cloud` takes it. */
  name: "public" | "usgovernment" | "usgovernmentl5" | "china";
  authorityHost: string;
  /** The Graph resource URI; `${graphResource}/.default` is Graph's client-credentials scope. */
  graphResource: string;
}

const PUBLIC: Cloud = {
  name: "public",
  authorityHost: "https://login.microsoftonline.com",
  graphResource: "https://graph.microsoft.com",
};
const USGOV: Cloud = {
  name: "usgovernment",
  authorityHost: "https://login.microsoftonline.us",
  graphResource: "https://graph.microsoft.us",
};
const USGOV_DOD: Cloud = {
  name: "usgovernmentl5",
  authorityHost: "https://login.microsoftonline.us",
  graphResource: "https://dod-graph.microsoft.us",
};
const CHINA: Cloud = {
  name: "china",
  authorityHost: "https://login.chinacloudapi.cn",
  graphResource: "https://microsoftgraph.chinacloudapi.cn",
};

const byName: Record<string, Cloud> = {
  public: PUBLIC,
  global: PUBLIC,
  usgovernment: USGOV,
  usgovernmentl4: USGOV,
  usgovernmentl5: USGOV_DOD,
  china: CHINA,
};

/** Every name accepted, for error messages and `--help`. */
export const cloudNames: readonly string[] = Object.keys(byName);

/** Resolves an `azuread:environment` / `--cloud` value; undefined for an unknown name. */
export function cloudByName(name: string | undefined): Cloud | undefined {
  return byName[(name ?? "public").toLowerCase()];
}
