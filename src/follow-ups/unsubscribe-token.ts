import { createHmac, timingSafeEqual } from 'node:crypto';

// The link in a follow-up e-mail: the follow-up's id and a MAC of it, so it works without logging in, cannot be
// guessed for another person, and is the same if a crash makes the mail be written again.
const mac = (secret: string, id: string) => createHmac('sha256', secret).update(`unsubscribe:${id}`).digest('base64url');

export const unsubscribeToken = (secret: string, followUpId: string) => `${followUpId}.${mac(secret, followUpId)}`;

/** The follow-up id the token was made for, or undefined when it was not made with this secret. */
export function followUpIdOf(secret: string, token: string): string | undefined {
  const [id, given] = token.split('.');
  if (!id || !given || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const expected = Buffer.from(mac(secret, id));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : undefined;
}
