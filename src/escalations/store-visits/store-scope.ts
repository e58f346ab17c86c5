import type { AdvisorPrincipal } from '../../common/auth/principal';

/**
 * The store whose items an advisor may see: a store advisor only ever their own store (whatever they ask for);
 * supervisors and admins any store, or all when `requested` is absent.
 */
export function storeScope(advisor: AdvisorPrincipal, requested?: string): string | undefined {
  const lead = advisor.roles.includes('admin') || advisor.roles.includes('supervisor');
  if (lead) return requested;
  // A store advisor without a store sees nothing rather than everything.
  return advisor.storeId ?? '00000000-0000-0000-0000-000000000000';
}
