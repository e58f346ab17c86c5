import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { Observable, tap } from 'rxjs';
import { AdvisorPrincipal, ApiKeyPrincipal } from '../../common/auth/principal';
import { ProfileAccessLog } from './profile-access.log';

const AUDIT_ACTION = 'relais:audit-action';

type Request = FastifyRequest & { principal: AdvisorPrincipal | ApiKeyPrincipal; params: { id?: string } };

/** Records, after a successful response, which profiles the caller saw or changed (the `:id` route param, or the returned ones). */
@Injectable()
export class AuditProfileAccessInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly log: ProfileAccessLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string | undefined>(AUDIT_ACTION, context.getHandler());
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      tap((result) => {
        if (!action) return;
        const body = result as { id?: string; items?: { id: string }[] } | undefined;
        const ids = request.params.id ? [request.params.id] : body?.items ? body.items.map((i) => i.id) : body?.id ? [body.id] : [];
        if (ids.length) this.log.record(request.principal, ids, action, `${request.method} ${request.routeOptions.url}`);
      }),
    );
  }
}

/** Marks a route whose customer profiles are audited under this action name. */
export const AuditsProfileAccess = (action: string) => applyDecorators(SetMetadata(AUDIT_ACTION, action), UseInterceptors(AuditProfileAccessInterceptor));
