import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const at = new Date('2026-03-02T10:00:00Z');
  const body = '{"id":"e1","type":"cart.abandoned"}';

  it('is the hex HMAC-SHA256 of "t.body" with the unix time', () => {
    const t = at.getTime() / 1000;
    expect(signWebhook('s3cret', body, at)).toBe(`t=${t},v1=${createHmac('sha256', 's3cret').update(`${t}.${body}`).digest('hex')}`);
  });

  it('verifies its own signature and refuses another secret, another body, or a stale timestamp', () => {
    const header = signWebhook('s3cret', body, at);
    expect(verifyWebhook('s3cret', body, header, at)).toBe(true);
    expect(verifyWebhook('other', body, header, at)).toBe(false);
    expect(verifyWebhook('s3cret', body.replace('e1', 'e2'), header, at)).toBe(false);
    expect(verifyWebhook('s3cret', body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhook('s3cret', body, 'garbage', at)).toBe(false);
  });
});
