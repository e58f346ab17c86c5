import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isPrivateAddress, publicOnlyLookup } from './private-network';

export interface PostResult {
  /** Null when no HTTP answer came. */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * POSTs a JSON body and reports how the receiver answered; never throws. Redirects are not followed (a 3xx fails the
 * attempt), so a receiver cannot bounce a delivery to an address the guard would refuse.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, options: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({ statusCode, error, latencyMs: Math.round(performance.now() - started) });
  const target = new URL(url);
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(literal) && isPrivateAddress(literal)) {
    return Promise.resolve(done(null, `${literal} is a private or loopback address`));
  }
  return new Promise((resolve) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Relais-Webhooks/1', ...headers },
        timeout: options.timeoutMs,
        ...(!options.allowPrivate && { lookup: publicOnlyLookup }),
      },
      (res) => {
        res.resume(); // the answer's body is not read: only its status counts
        res.on('end', () => resolve(done(res.statusCode ?? null, null)));
        res.on('error', (error) => resolve(done(res.statusCode ?? null, error.message)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (error) => resolve(done(null, error.message.slice(0, 500))));
    req.end(body);
  });
}
