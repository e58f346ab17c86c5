export const ADVISOR_ROLES = ['admin', 'supervisor', 'chat_advisor', 'phone_advisor', 'store_advisor'] as const;
export type AdvisorRole = (typeof ADVISOR_ROLES)[number];

/** What an integrator API key may do; `RELAIS_API_KEY` gets them all. */
export const API_SCOPES = [
  'customers:read',
  'customers:write',
  'customers:erase',
  'audit:read',
  'advisors:manage',
  'api-keys:manage',
  'stores:read',
  'stores:manage',
  'agent:use',
  'agent:manage',
  'targeting:manage',
  'visits:read',
  'analytics:read',
  'escalations:manage',
  'webhooks:manage',
  'outbox:read',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface AdvisorPrincipal {
  kind: 'advisor';
  id: string;
  email: string;
  roles: AdvisorRole[];
  storeId: string | null;
}

export interface ApiKeyPrincipal {
  kind: 'api_key';
  id: string;
  name: string;
  scopes: ApiScope[];
}

export interface VisitorPrincipal {
  kind: 'visitor';
  siteId: string;
  /** Set when the route requires the visit token. */
  visitId?: string;
  visitorId?: string;
}

export type Principal = AdvisorPrincipal | ApiKeyPrincipal | VisitorPrincipal;

/** A short label for audit trails: who did it, without personal data beyond the advisor's work e-mail. */
export function describeActor(principal: AdvisorPrincipal | ApiKeyPrincipal): { actorType: string; actorId: string; actorLabel: string } {
  return principal.kind === 'advisor'
    ? { actorType: 'advisor', actorId: principal.id, actorLabel: principal.email }
    : { actorType: 'api_key', actorId: principal.id, actorLabel: principal.name };
}
