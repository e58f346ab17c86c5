import { emptyTargetingState } from '../../targeting/targeting-decisions.service';
import { batchReadParams, batchWriteParams, type BatchWrite } from './event-batch.sql';
import { newVisitContext } from '../visit-context';

describe('event batch statements', () => {
  it('reads each visit once and checks the client ids of all its batches', () => {
    const [ids, clientIds] = batchReadParams([
      { visitId: 'v1', clientIds: ['a'] },
      { visitId: 'v2', clientIds: [] },
      { visitId: 'v1', clientIds: ['b', 'c'] },
    ]);
    expect(ids).toEqual(['v1', 'v2']);
    expect(JSON.parse(clientIds as string)).toEqual({ v1: ['a', 'b', 'c'] });
  });

  it('writes each batch with its events, actions, purchase and decision rows tied to its visit', () => {
    const now = new Date('2026-03-11T14:05:00Z');
    const write = (visitId: string, overrides: Partial<BatchWrite> = {}): BatchWrite => ({
      visitId,
      rowVersion: '42',
      now,
      context: newVisitContext('https://shop.example/', now),
      targeting: emptyTargetingState(),
      events: [],
      purchasedAt: null,
      actions: [],
      ...overrides,
    });
    const params = batchWriteParams([
      write('v1', { events: [{ type: 'search', query: 'tv', id: 'e1', at: '2026-03-11T14:04:59Z' }, { type: 'exit_intent' }], actions: [{ id: 'x' }] }),
      write('v2', { purchase: { visitId: 'v2' }, decisions: [{ visitId: 'v2', ruleId: 'r' }] }),
    ]).map((p) => JSON.parse(p as string));
    expect(params[0].map((v: { id: string; version: string; events: number }) => [v.id, v.version, v.events])).toEqual([
      ['v1', '42', 2],
      ['v2', '42', 0],
    ]);
    expect(params[1]).toEqual([
      { visitId: 'v1', id: 'e1', type: 'search', data: { query: 'tv' }, at: '2026-03-11T14:04:59.000Z', receivedAt: now.toISOString() },
      { visitId: 'v1', id: null, type: 'exit_intent', data: {}, at: null, receivedAt: now.toISOString() },
    ]);
    expect(params[2]).toEqual([{ id: 'x' }]);
    expect(params[3]).toEqual([{ visitId: 'v2' }]);
    expect(params[4]).toEqual([{ visitId: 'v2', ruleId: 'r' }]);
  });
});
