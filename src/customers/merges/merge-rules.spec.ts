import { conflictingExternalIds, mergeProfileFields } from './merge-rules';

const fields = (overrides: object) => ({
  name: null,
  email: null,
  phone: null,
  locale: null,
  tags: [],
  attributes: {},
  preferredStoreId: null,
  ownerAdvisorId: null,
  ...overrides,
});

describe('merge rules', () => {
  it('refuses two profiles that carry different external ids', () => {
    expect(conflictingExternalIds([{ kind: 'external_id', value: 'ERP-1' }], [{ kind: 'external_id', value: 'ERP-2' }])).toEqual({ target: 'ERP-1', source: 'ERP-2' });
  });

  it('allows a merge when only one side, or both with the same id, carry an external id', () => {
    expect(conflictingExternalIds([{ kind: 'external_id', value: 'ERP-1' }], [{ kind: 'email', value: 'a@b.fr' }])).toBeNull();
    expect(conflictingExternalIds([{ kind: 'external_id', value: 'ERP-1' }], [{ kind: 'external_id', value: 'ERP-1' }])).toBeNull();
    expect(conflictingExternalIds([], [])).toBeNull();
  });

  it('keeps the target values, fills gaps from the source and unites tags', () => {
    const merged = mergeProfileFields(
      fields({ name: 'Léa Martin', tags: ['vip'], attributes: { size: 'M' } }),
      fields({ name: 'L. Martin', phone: '+33612345678', tags: ['newsletter', 'vip'], attributes: { size: 'L', shoe: 38 } }),
    );
    expect(merged).toMatchObject({ name: 'Léa Martin', phone: '+33612345678', tags: ['vip', 'newsletter'], attributes: { size: 'M', shoe: 38 } });
  });
});
