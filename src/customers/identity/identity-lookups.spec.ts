import type { DataSource } from 'typeorm';
import { IdentityLookups } from './identity-lookups';

/** A pool answering each batch with the owners it knows, as the SQL does (1-based `lookupIndex`). */
function fakePool(owners: Record<string, string>) {
  const batches: { kinds: string[]; values: string[] }[] = [];
  const query = jest.fn(async ({ values: [kinds, values] }: { values: [string[], string[]] }) => {
    batches.push({ kinds, values });
    const rows = values.flatMap((value, i) => (owners[`${kinds[i]}:${value}`] ? [{ lookupIndex: i + 1, id: owners[`${kinds[i]}:${value}`] }] : []));
    return { rows };
  });
  const release = () => undefined;
  return { batches, query, dataSource: { driver: { obtainMasterConnection: async () => [{ query }, release] } } as unknown as DataSource };
}

describe('identity lookups', () => {
  it('answers the lookups of one event-loop turn with one statement, each with its own profile', async () => {
    const pool = fakePool({ 'phone:+33612345678': 'a', 'email:b@example.fr': 'b' });
    const lookups = new IdentityLookups(pool.dataSource);
    const found = await Promise.all([
      lookups.find({ kind: 'phone', value: '+33612345678' }),
      lookups.find({ kind: 'email', value: 'nobody@example.fr' }),
      lookups.find({ kind: 'email', value: 'b@example.fr' }),
      lookups.find({ kind: 'phone', value: '+33612345678' }),
    ]);
    expect(found.map((c) => c?.id)).toEqual(['a', undefined, 'b', 'a']);
    expect(pool.batches).toEqual([{ kinds: ['phone', 'email', 'email', 'phone'], values: ['+33612345678', 'nobody@example.fr', 'b@example.fr', '+33612345678'] }]);
    expect(found[0]).not.toHaveProperty('lookupIndex');
  });

  it('sends a full batch at once and keeps later lookups for the next one', async () => {
    const pool = fakePool({});
    const lookups = new IdentityLookups(pool.dataSource);
    await Promise.all(Array.from({ length: 150 }, (_, n) => lookups.find({ kind: 'loyalty_card', value: `FID-${n}` })));
    expect(pool.batches.map((b) => b.values.length)).toEqual([100, 50]);
  });

  it('fails every lookup of a batch whose statement failed', async () => {
    const pool = fakePool({});
    pool.query.mockRejectedValueOnce(new Error('connection lost'));
    const lookups = new IdentityLookups(pool.dataSource);
    const results = await Promise.allSettled([lookups.find({ kind: 'phone', value: '+33612345678' }), lookups.find({ kind: 'phone', value: '+33698765432' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
