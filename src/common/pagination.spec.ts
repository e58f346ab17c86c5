import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  const id = '3f0c2a8e-0000-4000-8000-000000000001';

  it('round-trips an opaque cursor and refuses anything else with 400', () => {
    expect(decodeCursor(encodeCursor({ at: '2026-01-01T00:00:00.000Z', id }))).toEqual({ at: '2026-01-01T00:00:00.000Z', id });
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(() => decodeCursor('not-a-cursor')).toThrow('cursor');
    expect(() => decodeCursor(Buffer.from('{"at":"x","id":"1; DROP"}').toString('base64url'))).toThrow('cursor');
  });

  it('returns a next cursor only when more rows exist', () => {
    const rows = [1, 2, 3].map((n) => ({ id: `${id.slice(0, -1)}${n}`, at: new Date(Date.UTC(2026, 0, n)) }));
    const page = toPage(
      rows,
      2,
      (r) => r.at,
      (r) => r.id,
    );
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual({ at: '2026-01-02T00:00:00.000Z', id: rows[1].id });
    expect(
      toPage(
        rows.slice(0, 2),
        2,
        (r) => r.at,
        (r) => r.id,
      ).nextCursor,
    ).toBeNull();
  });
});
