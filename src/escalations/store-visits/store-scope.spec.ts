import type { AdvisorPrincipal } from '../../common/auth/principal';
import { storeScope } from './store-scope';

const advisor = (roles: AdvisorPrincipal['roles'], storeId: string | null): AdvisorPrincipal => ({ kind: 'advisor', id: 'a', email: 'a@x.test', roles, storeId });

describe('storeScope', () => {
  it('pins a store advisor to their own store whatever they ask for', () => {
    expect(storeScope(advisor(['store_advisor'], 'store-1'))).toBe('store-1');
    expect(storeScope(advisor(['store_advisor'], 'store-1'), 'store-2')).toBe('store-1');
  });

  it('gives a store advisor without a store no store at all rather than every store', () => {
    expect(storeScope(advisor(['store_advisor'], null))).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('lets supervisors and admins see every store or pick one', () => {
    expect(storeScope(advisor(['supervisor'], null))).toBeUndefined();
    expect(storeScope(advisor(['admin', 'store_advisor'], 'store-1'), 'store-2')).toBe('store-2');
  });
});
