import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdvisorRole, ApiScope, Principal } from './principal';

export const ACCESS_POLICY = 'relais:access-policy';

/**
 * Who may call a route. The audience is the first segment of the path the request came in on, so one handler
 * can serve `api/v1/...` and `console/v1/...`; each audience is admitted only when its field is set.
 */
export interface AccessPolicy {
  /** Integrators on `/api`: an API key holding every listed scope. */
  scopes?: ApiScope[];
  /** Advisors on `/console`: a token with one of the listed roles; an empty list admits any advisor. */
  roles?: AdvisorRole[];
  /** Visitors on `/widget`: the site key, and with `visit-token` the token from `POST /widget/v1/visits` as well. */
  visitor?: 'site-key' | 'visit-token';
}

export type RoutePolicy = AccessPolicy | 'public';

/** The OpenAPI security scheme names, per audience; the document keeps on each path only its audience's schemes. */
export const SECURITY_SCHEMES = { api: ['api-key'], console: ['advisor'], widget: ['site-key', 'visit-token'] } as const;

/** Opts a route out of the deny-by-default guard (documented with the empty security requirement: no credentials). */
export const Public = () => applyDecorators(SetMetadata(ACCESS_POLICY, 'public' satisfies RoutePolicy), ApiSecurity({}));

/** States who may call a route (on a controller, for all its routes; on a handler, instead of the controller's). */
export const Authenticated = (policy: AccessPolicy) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, policy),
    ...(policy.scopes ? [ApiSecurity('api-key')] : []),
    ...(policy.roles ? [ApiSecurity('advisor')] : []),
    ...(policy.visitor === 'site-key' ? [ApiSecurity('site-key')] : []),
    ...(policy.visitor === 'visit-token' ? [ApiSecurity({ 'site-key': [], 'visit-token': [] })] : []),
    ...(policy.visitor ? [ApiHeader({ name: 'X-Site-Key', required: true, description: 'The public key of the site embedding the widget' })] : []),
    ApiUnauthorizedResponse({ description: 'Missing or invalid credentials (API_KEY_REQUIRED, INVALID_API_KEY, LOGIN_REQUIRED, INVALID_TOKEN, SITE_KEY_REQUIRED, ...)' }),
    ...(policy.scopes?.length || policy.roles?.length ? [ApiForbiddenResponse({ description: 'The credentials lack the scope (MISSING_SCOPE) or role (MISSING_ROLE)' })] : []),
  );

/** The authenticated caller, as the guard resolved it. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<{ principal: Principal }>().principal);
