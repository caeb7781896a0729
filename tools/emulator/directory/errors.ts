/**
 * A rejected directory change, carrying the Microsoft Graph error code and HTTP status the real
 * service answers with, so the Graph layer can pass it through unchanged and in-process callers
 * get the same message.
 */
export class DirectoryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "DirectoryError";
  }
}

export const notFound = (id: string) =>
  new DirectoryError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

export const badRequest = (message: string) =>
  new DirectoryError(400, "Request_BadRequest", message);
