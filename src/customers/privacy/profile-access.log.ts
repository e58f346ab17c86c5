import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AdvisorPrincipal, ApiKeyPrincipal, describeActor } from '../../common/auth/principal';
import { keysetPage, mapPage, Page } from '../../common/pagination';
import { AuditEntryDto, AuditQueryDto } from '../dto/interaction.dto';
import { ProfileAccess } from './profile-access.entity';

const FLUSH_EVERY_MS = 200;
const FLUSH_AT_SIZE = 500;

// One statement per reader and route, however many profiles they read: only the profile ids vary.
const INSERT_ENTRIES = `
  INSERT INTO profile_access (customer_id, actor_type, actor_id, actor_label, action, route)
  SELECT unnest($1::uuid[]), $2, $3, $4, $5, $6`;

/** Who read, how and through which route: what the entries of one insert share. */
type Reading = Pick<ProfileAccess, 'actorType' | 'actorId' | 'actorLabel' | 'action' | 'route'>;

/**
 * Records who read which profile. Reads are hot (lookups by phone at the till), so entries are written in
 * batches a fraction of a second later; shutdown flushes what is pending.
 */
@Injectable()
export class ProfileAccessLog implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ProfileAccessLog.name);
  /** Profile ids read, per reading (keyed by actor, action and route). */
  private pending = new Map<string, { reading: Reading; customerIds: string[] }>();
  private pendingCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(@InjectRepository(ProfileAccess) private readonly entries: Repository<ProfileAccess>) {}

  record(principal: AdvisorPrincipal | ApiKeyPrincipal, customerIds: string[], action: string, route: string): void {
    if (!customerIds.length) return;
    const key = `${principal.kind} ${principal.id} ${action} ${route}`;
    let group = this.pending.get(key);
    if (!group) this.pending.set(key, (group = { reading: { ...describeActor(principal), action, route }, customerIds: [] }));
    group.customerIds.push(...customerIds);
    this.pendingCount += customerIds.length;
    if (this.pendingCount >= FLUSH_AT_SIZE) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes what is pending; resolves when every earlier entry is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const groups = [...this.pending.values()];
    this.pending = new Map();
    this.pendingCount = 0;
    this.flushing = this.flushing.then(async () => {
      for (const { reading, customerIds } of groups) {
        try {
          await this.entries.query(INSERT_ENTRIES, [customerIds, reading.actorType, reading.actorId, reading.actorLabel, reading.action, reading.route]);
        } catch (error) {
          this.logger.error({ err: error, count: customerIds.length }, 'Could not store profile access entries');
        }
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
