// Which browser origins may call a site's widget API. An Origin header is absent from server-to-server calls
// and same-origin GETs: those are not cross-origin and pass. A site with no allowed origins is open only where
// Relais runs as a demo (embedded database or RELAIS_DEMO): a production site must list its shop's origins.

/** `https://Shop.example:443/` -> `https://shop.example`; null when not an http(s) origin without a path. */
export function normaliseOrigin(value: string): string | null {
  if (!/^https?:\/\/[^/?#\s]+\/?$/i.test(value)) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

export function originAllowed(allowedOrigins: readonly string[], origin: string | undefined, openWhenUnset: boolean): boolean {
  if (!origin) return true;
  if (allowedOrigins.length === 0) return openWhenUnset;
  const normalised = normaliseOrigin(origin);
  return normalised !== null && allowedOrigins.includes(normalised);
}
