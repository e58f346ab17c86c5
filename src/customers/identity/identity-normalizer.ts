import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/max';

export const IDENTITY_KINDS = ['email', 'phone', 'web_visitor', 'mobile_device', 'loyalty_card', 'external_id', 'store_customer'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface Identity {
  kind: IdentityKind;
  value: string;
}

export class InvalidIdentityError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw new InvalidIdentityError('email', `"${raw}" is not an e-mail address`);
  return email;
}

/** E.164; numbers without a country prefix are read as French, and `00` is the international prefix. */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'FR'): string {
  const compact = raw.trim().replace(/^00/, '+');
  const phone = parsePhoneNumberFromString(compact, defaultCountry);
  if (!phone || !phone.isValid()) throw new InvalidIdentityError('phone', `"${raw}" is not a valid phone number`);
  return phone.number;
}

/** Every identity is stored in one canonical form so that lookups in any format find the same profile. */
export function normalizeIdentity(kind: IdentityKind, raw: string): Identity {
  switch (kind) {
    case 'email':
      return { kind, value: normalizeEmail(raw) };
    case 'phone':
      return { kind, value: normalizePhone(raw) };
    case 'web_visitor':
    case 'mobile_device':
    case 'loyalty_card':
    case 'external_id':
    case 'store_customer': {
      const value = raw.trim();
      if (!value || value.length > 200) throw new InvalidIdentityError(kind, `${kind} must be 1 to 200 characters`);
      return { kind, value };
    }
  }
}

/** Parses the `identity=kind:value` query form. */
export function parseIdentityParam(param: string): Identity {
  const separator = param.indexOf(':');
  const kind = param.slice(0, separator) as IdentityKind;
  if (separator < 1 || !IDENTITY_KINDS.includes(kind)) {
    throw new InvalidIdentityError('identity', `identity must be "kind:value" with kind one of ${IDENTITY_KINDS.join(', ')}`);
  }
  return normalizeIdentity(kind, param.slice(separator + 1));
}

/** Lower-case, accent-free words: what name, e-mail and phone searches match against. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The searchable words of a profile: name, e-mails, and phones in E.164 and national digits. */
export function buildSearchText(name: string | null, identities: Identity[]): string {
  const words = [name ? foldForSearch(name) : ''];
  for (const identity of identities) {
    if (identity.kind === 'email') words.push(identity.value);
    if (identity.kind === 'phone') {
      const national = parsePhoneNumberFromString(identity.value)?.formatNational().replace(/\D/g, '');
      words.push(identity.value.slice(1), national ?? '');
    }
  }
  return words.filter(Boolean).join(' ');
}
