import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badRequest } from './domain-error';
import { Omittable } from './omittable';

export class PageQueryDto {
  /** Page size, 1 to 100. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @Omittable()
  limit?: number = 20;

  /** The `nextCursor` of the previous page. */
  @IsString()
  @MaxLength(500)
  @Omittable()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset position: the sort value and id of the last row of a page, opaque to clients. */
export interface CursorPosition {
  at: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPosition;
    if (typeof value.at === 'string' && typeof value.id === 'string' && /^[0-9a-f-]{36}$/i.test(value.id)) return value;
  } catch {
    // fall through to the error below
  }
  throw badRequest('INVALID_CURSOR', 'cursor is not a value returned by this list');
}

/** The keyset condition "after the cursor" for rows sorted by `(sortColumn, idColumn)` in `direction`. */
export function afterCursor(sortColumn: string, idColumn: string, cursor: CursorPosition, direction: 'ASC' | 'DESC' = 'DESC'): [string, Record<string, string>] {
  return [`(${sortColumn}, ${idColumn}) ${direction === 'DESC' ? '<' : '>'} (:cursorAt, :cursorId)`, { cursorAt: cursor.at, cursorId: cursor.id }];
}

/** Builds a page from `limit + 1` rows fetched in keyset order. */
export function toPage<Row extends { id: string }, Item>(rows: Row[], limit: number, sortValue: (row: Row) => Date | string, map: (row: Row) => Item): Page<Item> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const hasMore = rows.length > limit;
  const at = last ? sortValue(last) : '';
  return { items: items.map(map), nextCursor: hasMore && last ? encodeCursor({ at: at instanceof Date ? at.toISOString() : at, id: last.id }) : null };
}

/** How a list is paged: its sort column, the row's value of it (for the cursor), and the direction. */
export interface KeysetOrder<Row> {
  column: string;
  value: (row: Row) => Date | string;
  direction: 'ASC' | 'DESC';
}

/** One page of a query's rows after the request's cursor, in `(column, id)` order; the caller's filters stay on `qb`. */
export async function keysetPage<Row extends ObjectLiteral & { id: string }>(qb: SelectQueryBuilder<Row>, query: PageQueryDto, order: KeysetOrder<Row>): Promise<Page<Row>> {
  const limit = query.limit ?? 20;
  const idColumn = `${qb.alias}.id`;
  const cursor = decodeCursor(query.cursor);
  if (cursor) qb.andWhere(...afterCursor(order.column, idColumn, cursor, order.direction));
  const rows = await qb
    .orderBy(order.column, order.direction)
    .addOrderBy(idColumn, order.direction)
    .take(limit + 1)
    .getMany();
  return toPage(rows, limit, order.value, (row) => row);
}

export const mapPage = <T, U>(page: Page<T>, map: (item: T) => U): Page<U> => ({ items: page.items.map(map), nextCursor: page.nextCursor });
