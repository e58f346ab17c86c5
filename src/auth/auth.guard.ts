import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { forbidden, unauthorized } from '../common/domain-error';
import { ACCESS_POLICY, RoutePolicy } from '../common/auth/access-policy.decorator';
import { Principal } from '../common/auth/principal';
import { AuthService } from './auth.service';
import { HTTP_VISITOR_CREDENTIALS, VisitorAuthService } from './visitor-auth.service';

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
};

/** Deny by default: every HTTP route must declare who may call it; the credential is checked against the path's audience. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly visitors: VisitorAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // sockets authenticate at handshake
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (policy === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // The audience is the path's first segment: one handler may serve /api and /console, each with its own credential.
    const audience = request.routeOptions.url?.split('/')[1];
    if (audience === 'api' && policy?.scopes) request.principal = await this.checkApiKey(request, policy.scopes);
    else if (audience === 'console' && policy?.roles) request.principal = await this.checkAdvisor(request, policy.roles);
    else if (audience === 'widget' && policy?.visitor) request.principal = await this.checkVisitor(request, policy.visitor === 'visit-token');
    else throw forbidden('NO_ACCESS_POLICY', 'This route declares no access policy for its audience and is closed');
    return true;
  }

  private async checkApiKey(request: FastifyRequest, scopes: string[]): Promise<Principal> {
    const key = bearer(request);
    if (!key) throw unauthorized('API_KEY_REQUIRED', 'Send an API key as "Authorization: Bearer <key>"');
    const principal = await this.apiKeys.authenticate(key);
    if (!principal) throw unauthorized('INVALID_API_KEY', 'The API key is unknown or revoked');
    const missing = scopes.filter((scope) => !principal.scopes.includes(scope as never));
    if (missing.length) throw forbidden('MISSING_SCOPE', `This API key lacks the scope(s): ${missing.join(', ')}`, { missingScopes: missing });
    return principal;
  }

  private async checkAdvisor(request: FastifyRequest, roles: string[]): Promise<Principal> {
    const token = bearer(request);
    if (!token) throw unauthorized('LOGIN_REQUIRED', 'Log in with POST /console/v1/auth/login and send "Authorization: Bearer <accessToken>"');
    const principal = await this.auth.authenticateAdvisor(token);
    if (!principal) throw unauthorized('INVALID_TOKEN', 'The access token is invalid or expired, or the advisor is disabled');
    if (roles.length && !principal.roles.some((role) => roles.includes(role))) {
      throw forbidden('MISSING_ROLE', `This action needs one of the roles: ${roles.join(', ')}`, { requiredRoles: roles });
    }
    return principal;
  }

  private checkVisitor(request: FastifyRequest, needsVisit: boolean): Promise<Principal> {
    return this.visitors.authenticate(request.headers['x-site-key'], bearer(request), needsVisit, HTTP_VISITOR_CREDENTIALS);
  }
}
