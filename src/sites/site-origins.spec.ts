import { normaliseOrigin, originAllowed } from './site-origins';

describe('site origins', () => {
  it('normalises origins and refuses paths, other schemes and junk', () => {
    expect(normaliseOrigin('https://Shop.Example:443/')).toBe('https://shop.example');
    expect(normaliseOrigin('http://127.0.0.2:8080')).toBe('http://127.0.0.2:8080');
    expect(normaliseOrigin('https://shop.example/cart')).toBeNull();
    expect(normaliseOrigin('ftp://shop.example')).toBeNull();
    expect(normaliseOrigin('shop.example')).toBeNull();
  });

  it('lets listed origins and non-browser calls through, and an unset list only in open mode', () => {
    expect(originAllowed(['https://shop.example'], 'https://shop.example', false)).toBe(true);
    expect(originAllowed(['https://shop.example'], 'https://evil.example', true)).toBe(false);
    expect(originAllowed(['https://shop.example'], undefined, false)).toBe(true);
    expect(originAllowed([], 'https://anything.example', true)).toBe(true);
    expect(originAllowed([], 'https://anything.example', false)).toBe(false);
    expect(originAllowed(['https://shop.example'], 'null', true)).toBe(false);
  });
});
