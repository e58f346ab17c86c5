import { createHmac } from 'node:crypto';
import { signIdentityToken, verifyIdentityToken } from './identity-token';

const SECRET = 'site-identity-secret';
const NOW = new Date('2026-05-01T12:00:00Z');
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (header: object, claims: object, secret = SECRET) => {
  const signed = `${b64(header)}.${b64(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
};

describe('verifyIdentityToken', () => {
  it('accepts the compact HMAC form and an HS256 JWT signed with the site secret', () => {
    expect(verifyIdentityToken(signIdentityToken({ email: 'a@b.fr' }, SECRET), SECRET, NOW)).toMatchObject({ email: 'a@b.fr' });
    const id = '0b7c3a52-4f7e-4b43-9a39-1f6a8f0c2d11';
    expect(verifyIdentityToken(jwt({ alg: 'HS256', typ: 'JWT' }, { sub: id }), SECRET, NOW)).toMatchObject({ customerId: id });
  });

  it('ignores forged, unsigned, expired and malformed tokens', () => {
    const claims = { email: 'a@b.fr' };
    expect(verifyIdentityToken(signIdentityToken(claims, 'other-secret'), SECRET, NOW)).toBeNull();
    expect(verifyIdentityToken(jwt({ alg: 'HS256' }, claims, 'other-secret'), SECRET, NOW)).toBeNull();
    expect(verifyIdentityToken(`${b64({ alg: 'none' })}.${b64(claims)}.`, SECRET, NOW)).toBeNull();
    expect(verifyIdentityToken(jwt({ alg: 'HS512' }, claims), SECRET, NOW)).toBeNull();
    expect(verifyIdentityToken(signIdentityToken({ ...claims, exp: NOW.getTime() / 1000 - 1 }, SECRET), SECRET, NOW)).toBeNull();
    expect(verifyIdentityToken(signIdentityToken({}, SECRET), SECRET, NOW)).toBeNull();
    for (const garbage of ['', 'a', 'a.b', 'a.b.c', 'x'.repeat(5000)]) expect(verifyIdentityToken(garbage, SECRET, NOW)).toBeNull();
  });
});
