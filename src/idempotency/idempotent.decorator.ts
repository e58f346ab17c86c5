import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { Principal } from '../common/auth/principal';
import { DomainError } from '../common/domain-error';
import { toErrorResponse, type ErrorBody } from '../common/error-response';
import { IDEMPOTENCY_HEADER, IdempotencyScope, IdempotencyService } from './idempotency.service';
import { requestFingerprint } from './idempotency.service';

/**
 * Replays the first response to a request retried with the same `Idempotency-Key` (a timeout on a mobile network,
 * a double tap). Responses the client caused (2xx, 4xx) are kept; a 5xx frees the key so that a retry runs again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    const scope = scopeOf(request.principal);
    if (header === undefined || !scope) return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    const successStatus = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    return from(this.run(scope, key, requestFingerprint(request.method, request.routeOptions.url ?? request.url, request.body), successStatus, next));
  }

  private async run(scope: IdempotencyScope, key: string, fingerprint: string, successStatus: number, next: CallHandler): Promise<unknown> {
    const claim = await this.keys.claim(scope, key, fingerprint);
    if (claim.kind === 'replay') {
      if (claim.response.status >= 400) throw replayedError(claim.response.body as ErrorBody);
      return claim.response.body;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.keys.complete(claim.id, { status: successStatus, body: JSON.parse(JSON.stringify(body ?? null)) as unknown });
      return body;
    } catch (error) {
      const { body } = toErrorResponse(error);
      await (body.statusCode >= 500 ? this.keys.release(claim.id) : this.keys.complete(claim.id, { status: body.statusCode, body }));
      throw error;
    }
  }
}

/** Keys are per site and visitor: two visitors cannot collide, nor read each other's stored responses. */
function scopeOf(principal: Principal | undefined): IdempotencyScope | null {
  if (principal?.kind !== 'visitor') return null;
  const visitorId = principal.visitorId ?? principal.visitId;
  return visitorId ? { siteId: principal.siteId, visitorId } : null;
}

function replayedError(body: ErrorBody): DomainError {
  return new DomainError(body.statusCode, body.code, body.message, body.details);
}

/** Makes a widget POST safe to retry with an `Idempotency-Key` header, and documents the header. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique key per intended request (a random UUID). Retrying with the same key and body returns the first response (same status and body) for 24 hours instead of acting twice; the same key with another body answers 422 IDEMPOTENCY_KEY_REUSED.',
    }),
  );
