import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { forbidden, unauthorized } from '../common/domain-error';
import { AUTH_POLICY, AuthPolicy } from './auth.decorators';
import { AuthService } from './auth.service';
import { Principal } from './principal';
import { HTTP_VISITOR_CREDENTIALS, VisitorAuthService } from './visitor-auth.service';

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
};

/** Deny by default: every HTTP route must declare its audience; credentials are checked against it. */
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
    const policy = this.reflector.getAllAndOverride<AuthPolicy | undefined>(AUTH_POLICY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!policy) throw forbidden('NO_ACCESS_POLICY', 'This route declares no access policy and is closed');
    switch (policy.audience) {
      case 'public':
        return true;
      case 'api':
        request.principal = await this.checkApiKey(request, policy.scopes);
        return true;
      case 'console':
        request.principal = await this.checkAdvisor(request, policy.roles);
        return true;
      case 'widget':
        request.principal = await this.checkVisitor(request, policy.visit);
        return true;
    }
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
