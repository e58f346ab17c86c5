import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdvisorRole, ApiScope, Principal } from './principal';

export const AUTH_POLICY = 'relais:auth-policy';

export type AuthPolicy =
  | { audience: 'public' }
  | { audience: 'api'; scopes: ApiScope[] }
  | { audience: 'console'; roles: AdvisorRole[] }
  | { audience: 'widget'; visit: boolean };

const errorResponses = [
  ApiUnauthorizedResponse({ description: 'Missing or invalid credentials' }),
  ApiForbiddenResponse({ description: 'Credentials lack the required role or scope' }),
];

/** Opts a route out of the deny-by-default guard. */
export const Public = () => SetMetadata(AUTH_POLICY, { audience: 'public' } satisfies AuthPolicy);

/** Integrator route: an API key holding every listed scope. */
export const ApiAuth = (...scopes: ApiScope[]) =>
  applyDecorators(SetMetadata(AUTH_POLICY, { audience: 'api', scopes } satisfies AuthPolicy), ApiBearerAuth('api-key'), ...errorResponses);

/** Advisor route: a console token with one of the listed roles (any advisor when none is listed). */
export const ConsoleAuth = (...roles: AdvisorRole[]) =>
  applyDecorators(SetMetadata(AUTH_POLICY, { audience: 'console', roles } satisfies AuthPolicy), ApiBearerAuth('advisor'), ...errorResponses);

/** Visitor route: the site key, and with `visit` the visit token from `POST /widget/v1/visits` as well. */
export const WidgetAuth = (options: { visit: boolean } = { visit: true }) =>
  applyDecorators(
    SetMetadata(AUTH_POLICY, { audience: 'widget', visit: options.visit } satisfies AuthPolicy),
    ApiSecurity('site-key'),
    ...(options.visit ? [ApiBearerAuth('visit-token')] : []),
    ApiHeader({ name: 'X-Site-Key', required: true, description: 'The public key of the site embedding the widget' }),
    ...errorResponses,
  );

/** The authenticated caller, as the guard resolved it. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<{ principal: Principal }>().principal);
