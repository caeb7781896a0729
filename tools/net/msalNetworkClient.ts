import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import type { HttpsClient } from "./https";

/**
 * msal-node's documented `system.networkClient` hook, backed by our shared HttpsClient: same
 * contract as msal-node's default fetch client (JSON body, status, lower-cased headers), but
 * with connection reuse across client instances, an extra trusted CA for in-process emulators,
 * and request counting.
 */
export class MsalNetworkClient implements INetworkModule {
  /** Retry-After (seconds) of error answers, by the correlation id msal-node sent. */
  private readonly retryAfter = new Map<string, number>();

  constructor(private readonly http: HttpsClient) {}

  /**
   * msal-node's ServerError does not carry response headers, so the caller asks here for the
   * Retry-After of the answer to its request (and forgets it).
   */
  takeRetryAfter(correlationId: string | undefined): number | undefined {
    if (!correlationId) return undefined;
    const v = this.retryAfter.get(correlationId);
    this.retryAfter.delete(correlationId);
    return v;
  }

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>("GET", url, options);
  }

  sendPostRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>("POST", url, options);
  }

  private async send<T>(
    method: "GET" | "POST",
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const res = await this.http.request(
      method,
      url,
      options?.headers ?? {},
      method === "POST" ? (options?.body ?? "") : undefined,
    );
    const ra = res.headers["retry-after"];
    if (res.status >= 400 && ra !== undefined && options?.correlationId) {
      const seconds = /^\d+$/.test(ra.trim())
        ? Number(ra)
        : Math.max(0, (Date.parse(ra) - Date.now()) / 1000);
      if (Number.isFinite(seconds)) this.retryAfter.set(options.correlationId, seconds);
    }
    let body: T;
    try {
      body = JSON.parse(res.body) as T;
    } catch {
      // Mirror msal-node: a non-JSON answer is a parsing failure, surfaced with the status.
      throw new Error(
        `the authority answered HTTP ${res.status} with a body that is not JSON (${url.split("?")[0]})`,
      );
    }
    return { status: res.status, headers: res.headers, body };
  }
}
