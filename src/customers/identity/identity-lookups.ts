import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { CUSTOMER_RESPONSE_COLUMNS } from '../customer.mapper';
import { CustomerResponseDto } from '../dto/customer.dto';
import type { Identity } from './identity-normalizer';

/** Past this many waiting lookups a batch leaves at once rather than at the end of the event-loop turn. */
const MAX_BATCH = 100;

/**
 * The live profiles owning a list of identities, `lookupIndex` being the 1-based position in the list. Named, so each
 * pooled connection parses and plans it once (half of PostgreSQL's CPU per lookup, measured on the 1M-profile bench).
 */
const FIND_OWNERS = `SELECT q.n::int AS "lookupIndex", ${CUSTOMER_RESPONSE_COLUMNS}
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(kind, value, n)
         JOIN customer_identity li ON li.kind = q.kind AND li.value = q.value
         JOIN customer c ON c.id = li.customer_id
         WHERE c.merged_into_id IS NULL AND c.erased_at IS NULL`;

type Row = CustomerResponseDto & { lookupIndex: number };

interface Waiting {
  resolve: (customer: CustomerResponseDto | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Exact lookups (a phone at the till) are the hot path. Those arriving in the same event-loop turn share one
 * statement: under load one round trip answers many requests, and the socket write and PostgreSQL's per-statement
 * work, which dominated a lookup's CPU, are paid once per batch. A lone lookup waits only for the end of its turn.
 */
@Injectable()
export class IdentityLookups {
  private kinds: string[] = [];
  private values: string[] = [];
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The live (not merged, not erased) profile owning this identity, if any. */
  find(identity: Identity): Promise<CustomerResponseDto | undefined> {
    return new Promise((resolve, reject) => {
      this.kinds.push(identity.kind);
      this.values.push(identity.value);
      this.waiting.push({ resolve, reject });
      if (this.waiting.length >= MAX_BATCH) this.send();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.send);
      }
    });
  }

  private readonly send = (): void => {
    this.scheduled = false;
    const waiting = this.waiting;
    if (!waiting.length) return;
    const values = [this.kinds, this.values];
    this.kinds = [];
    this.values = [];
    this.waiting = [];
    preparedQuery<Row>(this.dataSource, FIND_OWNERS, values).then(
      (rows) => {
        const found: (CustomerResponseDto | undefined)[] = new Array(waiting.length);
        for (const { lookupIndex, ...customer } of rows) found[lookupIndex - 1] = customer;
        waiting.forEach((w, i) => w.resolve(found[i]));
      },
      (error: unknown) => waiting.forEach((w) => w.reject(error)),
    );
  };
}
