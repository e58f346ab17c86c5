import { engagementCsv } from './engagement-csv';
import { FIGURE_KEYS } from './engagement-figures';
import { assemble, utcDays } from './engagement-report';

describe('engagement report assembly', () => {
  it('lists every UTC day the period touches', () => {
    expect(utcDays(new Date('2031-05-01T22:00:00Z'), new Date('2031-05-03T00:00:00Z'))).toEqual(['2031-05-01', '2031-05-02']);
    expect(utcDays(new Date('2031-05-01T00:00:00Z'), new Date('2031-05-01T00:00:01Z'))).toEqual(['2031-05-01']);
  });

  it('adds every family into the totals, and only the split ones into groups (0 where a group has no row, null where not split)', () => {
    const { totals, groups } = assemble(
      'rule',
      [
        { grouped: false, rows: [{ key: null, counts: { visits: 10 } }] },
        {
          grouped: true,
          rows: [
            { key: 'r1', counts: { proposalsShown: 4, proposalsAccepted: 1 } },
            { key: null, counts: { proposalsShown: 0, proposalsAccepted: 0 } },
          ],
        },
        { grouped: true, rows: [{ key: 'r2', counts: { sales: 2, revenue: 30.105 } }] },
      ],
      (i) => [['visits'], ['proposalsShown', 'proposalsAccepted'], ['sales', 'revenue']][i] as never,
      [],
    );
    expect(totals).toMatchObject({ visits: 10, proposalsShown: 4, proposalsAccepted: 1, acceptanceRate: 0.25, sales: 2, revenue: 30.11, chats: null, deflectionRate: null });
    expect(assemble('day', [{ grouped: true, rows: [] }], () => ['chats'], []).totals).toMatchObject({ chats: 0, deflectionRate: null });
    expect(groups.map((g) => g.key)).toEqual(['r1', 'r2', null]);
    expect(groups[0]).toMatchObject({ visits: null, proposalsShown: 4, sales: 0, revenue: 0, acceptanceRate: 0.25 });
    expect(groups[1]).toMatchObject({ proposalsShown: 0, sales: 2, acceptanceRate: null });
  });

  it('computes the control-group uplift in points of rate', () => {
    const { totals } = assemble(
      'day',
      [{ grouped: true, rows: [{ key: '2031-05-01', counts: { proposalsShown: 10, shownConverted: 3, controlHeldOut: 10, controlConverted: 1 } }] }],
      () => ['proposalsShown'],
      [],
    );
    expect(totals).toMatchObject({ conversionRate: 0.3, controlConversionRate: 0.1, uplift: 0.2 });
  });

  it('writes a header and one CSV line per group, defusing formula-like keys', () => {
    const { groups } = assemble(
      'channel',
      [
        {
          grouped: true,
          rows: [
            { key: '=cmd()', counts: { visits: 1 } },
            { key: 'google', counts: { visits: 2 } },
          ],
        },
      ],
      () => ['visits'],
      [],
    );
    const lines = engagementCsv(
      'channel',
      groups.map((g) => ({ ...g, name: null })),
    )
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(['channel', ...FIGURE_KEYS].join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1].startsWith("'=cmd(),1,")).toBe(true);
    expect(lines[2].startsWith('google,2,')).toBe(true);
  });
});
