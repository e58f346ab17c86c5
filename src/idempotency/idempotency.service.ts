import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest, conflict, unprocessable } from '../common/domain-error';
import { deleteOlderThan } from '../database/delete-older-than';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const KEY_TTL_HOURS = 24;
/** A claim whose request never finished (the instance died mid-request) may be taken again after this. */
const STALE_CLAIM_SECONDS = 60;

export interface IdempotencyScope {
  siteId: string;
  visitorId: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Claim = { kind: 'new'; id: string } | { kind: 'replay'; response: StoredResponse };

/** Idempotency keys as Stripe has them: the same key and body answer the first response; another body is refused. */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Claims the key for this request, or returns the response stored under it. */
  async claim(scope: IdempotencyScope, key: string, fingerprint: string): Promise<Claim> {
    if (!KEY_PATTERN.test(key)) throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    // One statement claims a new key, or takes back an expired or abandoned one; a live key returns no row.
    const claimed = (await this.dataSource.query(
      `INSERT INTO idempotency_key (site_id, visitor_id, key, fingerprint, expires_at)
       VALUES ($1, $2, $3, $4, now() + interval '${KEY_TTL_HOURS} hours')
       ON CONFLICT (site_id, visitor_id, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, expires_at = EXCLUDED.expires_at, response_status = NULL, response_body = NULL, created_at = now(), updated_at = now()
         WHERE idempotency_key.expires_at < now()
            OR (idempotency_key.response_status IS NULL AND idempotency_key.updated_at < now() - interval '${STALE_CLAIM_SECONDS} seconds')
       RETURNING id`,
      [scope.siteId, scope.visitorId, key, fingerprint],
    )) as { id: string }[];
    if (claimed.length) return { kind: 'new', id: claimed[0].id };
    const [row] = (await this.dataSource.query(`SELECT fingerprint, response_status, response_body FROM idempotency_key WHERE site_id = $1 AND visitor_id = $2 AND key = $3`, [
      scope.siteId,
      scope.visitorId,
      key,
    ])) as { fingerprint: string; response_status: number | null; response_body: unknown }[];
    if (!row) return this.claim(scope, key, fingerprint); // swept in between
    if (row.fingerprint !== fingerprint)
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with another request; use a new key for a new request');
    if (row.response_status === null) throw conflict('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly');
    return { kind: 'replay', response: { status: row.response_status, body: row.response_body } };
  }

  async complete(id: string, response: StoredResponse): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_key SET response_status = $2, response_body = $3, updated_at = now() WHERE id = $1`, [
      id,
      response.status,
      JSON.stringify(response.body ?? null),
    ]);
  }

  /** The request failed on our side: the key is freed so that the client's retry runs again. */
  async release(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE id = $1`, [id]);
  }

  sweep(): Promise<number> {
    return deleteOlderThan(this.dataSource, 'idempotency_key', 'expires_at', new Date());
  }
}

/** What identifies "the same request": method, route and body, with object keys in a stable order. */
export function requestFingerprint(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${stableJson(body)}`)
    .digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
