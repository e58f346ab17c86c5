import { createHmac, timingSafeEqual } from 'node:crypto';

// A merchant proves who a logged-in visitor is by signing a claim with the site's identity secret.
// Two formats: an HS256 JWT, or `<base64url(JSON claims)>.<hex or base64url HMAC-SHA256 of the first part>`.
// Claims: `customerId` (a Relais profile id) or one identity (`email`, `phone`, `externalId`, `loyaltyCard`),
// and an optional `exp` (unix seconds). Anything unsigned, forged, expired or malformed is ignored.

export interface IdentityClaims {
  customerId?: string;
  email?: string;
  phone?: string;
  externalId?: string;
  loyaltyCard?: string;
}

const MAX_TOKEN_LENGTH = 4096;

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function signatureMatches(signed: string, signature: string, secret: string): boolean {
  const mac = createHmac('sha256', secret).update(signed).digest();
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.from(signature, 'base64url');
  return given.length === mac.length && timingSafeEqual(given, mac);
}

const str = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= 320 ? value : undefined);

export function verifyIdentityToken(token: string, secret: string, now: Date): IdentityClaims | null {
  if (!token || token.length > MAX_TOKEN_LENGTH || !secret) return null;
  const parts = token.split('.');
  let claims: Record<string, unknown> | undefined;
  if (parts.length === 3) {
    const header = decodeJson(parts[0]);
    // Only HS256: "none" or an asymmetric algorithm would let the token choose how it is checked.
    if (header?.alg !== 'HS256' || !signatureMatches(`${parts[0]}.${parts[1]}`, parts[2], secret)) return null;
    claims = decodeJson(parts[1]);
  } else if (parts.length === 2) {
    if (!signatureMatches(parts[0], parts[1], secret)) return null;
    claims = decodeJson(parts[0]);
  }
  if (!claims) return null;
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp * 1000 < now.getTime())) return null;
  const result: IdentityClaims = {
    customerId: str(claims.customerId) ?? (typeof claims.sub === 'string' && /^[0-9a-f-]{36}$/i.test(claims.sub) ? claims.sub : undefined),
    email: str(claims.email),
    phone: str(claims.phone),
    externalId: str(claims.externalId),
    loyaltyCard: str(claims.loyaltyCard),
  };
  return Object.values(result).some((v) => v !== undefined) ? result : null;
}

/** Signs claims in the compact HMAC format (what a merchant's server does; used by tests and docs). */
export function signIdentityToken(claims: IdentityClaims & { exp?: number }, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('hex')}`;
}
