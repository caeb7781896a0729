import { DirectoryError } from "../directory/errors";

/**
 * A Microsoft Graph error: `{error: {code, message, innerError: {date, request-id,
 * client-request-id}}}` with Graph's HTTP status. Directory rule violations arrive as
 * DirectoryError and are passed through unchanged.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphError";
  }
}

export const Graph = {
  noToken: () => new GraphError(401, "InvalidAuthenticationToken", "Access token is empty."),
  badToken: (why: string) => new GraphError(401, "InvalidAuthenticationToken", why),
  denied: () =>
    new GraphError(
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    ),
  badRequest: (message: string) => new GraphError(400, "BadRequest", message),
  noSegment: (segment: string) =>
    new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: () =>
    new GraphError(
      405,
      "Request_BadRequest",
      "Specified HTTP method is not allowed for the request target.",
    ),
  throttled: (retryAfterSeconds: number) =>
    new GraphError(
      429,
      "TooManyRequests",
      "Too many requests are being sent. Retry after the time in the Retry-After header.",
      { "retry-after": String(retryAfterSeconds) },
    ),
  unavailable: (retryAfterSeconds?: number) =>
    new GraphError(
      503,
      "ServiceUnavailable",
      "The service is temporarily unavailable. Please retry.",
      retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {},
    ),
};

export function toGraphError(e: unknown): GraphError | undefined {
  if (e instanceof GraphError) return e;
  if (e instanceof DirectoryError) return new GraphError(e.status, e.code, e.message);
  if (e instanceof SyntaxError)
    return new GraphError(
      400,
      "BadRequest",
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  return undefined;
}

export function graphErrorBody(
  e: GraphError,
  requestId: string,
  clientRequestId: string,
  now = new Date(),
) {
  return {
    error: {
      code: e.code,
      message: e.message,
      innerError: {
        date: now.toISOString().replace(/\.\d{3}Z$/, ""),
        "request-id": requestId,
        "client-request-id": clientRequestId,
      },
    },
  };
}
