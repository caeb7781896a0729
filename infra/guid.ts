/** A GUID in its usual 8-4-4-4-12 hex form, any case: tenant ids, appIds, object ids, role ids. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same, found anywhere in a text (e.g. the tenant id inside an issuer URL). */
export const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
