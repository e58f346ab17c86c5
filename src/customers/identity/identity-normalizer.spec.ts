import { buildSearchText, normalizeEmail, normalizeIdentity, normalizePhone, parseIdentityParam } from './identity-normalizer';

describe('identity normalisation', () => {
  it.each(['06 12 34 56 78', '+33612345678', '0033 6 12 34 56 78', '+33 (0)6 12 34 56 78', '06.12.34.56.78'])('reads %s as the same French mobile', (raw) => {
    expect(normalizePhone(raw)).toBe('+33612345678');
  });

  it('keeps foreign numbers in their own country', () => {
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('0032 470 12 34 56')).toBe('+32470123456');
  });

  it('refuses what is not a phone number', () => {
    expect(() => normalizePhone('12')).toThrow('not a valid phone number');
    expect(() => normalizePhone('hello')).toThrow('not a valid phone number');
  });

  it('lower-cases and trims e-mails, and refuses malformed ones', () => {
    expect(normalizeEmail('  Lea.Martin@Example.FR ')).toBe('lea.martin@example.fr');
    expect(() => normalizeEmail('lea.martin@')).toThrow('not an e-mail address');
  });

  it('trims opaque identities and bounds their length', () => {
    expect(normalizeIdentity('loyalty_card', '  FID-42 ')).toEqual({ kind: 'loyalty_card', value: 'FID-42' });
    expect(() => normalizeIdentity('external_id', '   ')).toThrow('1 to 200');
  });

  it('parses kind:value query parameters and normalises their value', () => {
    expect(parseIdentityParam('phone:06 12 34 56 78')).toEqual({ kind: 'phone', value: '+33612345678' });
    expect(parseIdentityParam('external_id:ERP:42')).toEqual({ kind: 'external_id', value: 'ERP:42' });
    expect(() => parseIdentityParam('shoe_size:42')).toThrow('kind:value');
  });

  it('indexes names without accents and phones in international and national digits', () => {
    const text = buildSearchText('Hélène Dupré', [
      { kind: 'email', value: 'helene@example.fr' },
      { kind: 'phone', value: '+33612345678' },
    ]);
    expect(text).toBe('helene dupre helene@example.fr 33612345678 0612345678');
  });
});
