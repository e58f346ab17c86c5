import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AdvisorPrincipal, ApiKeyPrincipal, describeActor } from '../auth/principal';
import { keysetPage, mapPage, Page } from '../common/pagination';
import { AuditEntryDto, AuditQueryDto } from './dto/interaction.dto';
import { ProfileAccess } from './profile-access.entity';

const FLUSH_EVERY_MS = 200;
const FLUSH_AT_SIZE = 500;

// One statement whatever the batch size: six arrays instead of six parameters per row.
const INSERT_ENTRIES = `
  INSERT INTO profile_access (customer_id, actor_type, actor_id, actor_label, action, route)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[])`;

export type ProfileAccessEntry = Pick<ProfileAccess, 'customerId' | 'actorType' | 'actorId' | 'actorLabel' | 'action' | 'route'>;

/**
 * Records who read which profile. Reads are hot (lookups by phone at the till), so entries are written in
 * batches a fraction of a second later; shutdown flushes what is pending.
 */
@Injectable()
export class ProfileAccessLog implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ProfileAccessLog.name);
  private pending: ProfileAccessEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(@InjectRepository(ProfileAccess) private readonly entries: Repository<ProfileAccess>) {}

  record(principal: AdvisorPrincipal | ApiKeyPrincipal, customerIds: string[], action: string, route: string): void {
    if (!customerIds.length) return;
    const actor = describeActor(principal);
    for (const customerId of customerIds) this.pending.push({ customerId, action, route, ...actor });
    if (this.pending.length >= FLUSH_AT_SIZE) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes what is pending; resolves when every earlier entry is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      try {
        await this.entries.query(INSERT_ENTRIES, [
          batch.map((e) => e.customerId),
          batch.map((e) => e.actorType),
          batch.map((e) => e.actorId),
          batch.map((e) => e.actorLabel),
          batch.map((e) => e.action),
          batch.map((e) => e.route),
        ]);
      } catch (error) {
        this.logger.error({ err: error, count: batch.length }, 'Could not store profile access entries');
      }
    });
    return this.flushing;
  }

  async list(query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    await this.flush();
    const qb = this.entries.createQueryBuilder('a');
    if (query.customerId) qb.andWhere('a.customer_id = :customerId', { customerId: query.customerId });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    return mapPage(await keysetPage(qb, query, { column: 'a.created_at', value: (a) => a.createdAt, direction: 'DESC' }), (a) => ({
      id: a.id,
      at: a.createdAt,
      customerId: a.customerId,
      actorType: a.actorType,
      actorId: a.actorId,
      actorLabel: a.actorLabel,
      action: a.action,
      route: a.route,
    }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
