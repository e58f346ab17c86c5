import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { VisitTargetingState } from '../targeting/targeting-decisions.service';
import type { VisitContext } from './visit-context';

/** One visit of a site by a visitor: where it came from, and its context folded from events. */
@Entity('visit')
export class Visit extends TimestampedEntity {
  @Column('uuid', { name: 'site_id' })
  siteId: string;

  @Column('text', { name: 'visitor_id' })
  visitorId: string;

  @Column('uuid', { name: 'customer_id', nullable: true })
  customerId: string | null;

  /** 1 for the visitor's first visit of the site. */
  @Column('integer', { name: 'visit_number', default: 1 })
  visitNumber: number;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'last_event_at' })
  lastEventAt: Date;

  @Column('text', { name: 'landing_url' })
  landingUrl: string;

  @Column('text', { nullable: true })
  referrer: string | null;

  @Column('text', { name: 'referrer_source', default: 'direct' })
  referrerSource: string;

  @Column('text', { nullable: true })
  country: string | null;

  @Column('text', { name: 'device_type', default: 'desktop' })
  deviceType: string;

  @Column('integer', { name: 'event_count', default: 0 })
  eventCount: number;

  @Column('timestamptz', { name: 'purchased_at', nullable: true })
  purchasedAt: Date | null;

  @Column('jsonb', { default: {} })
  context: VisitContext & { referrerKeywords?: string[]; utm?: Record<string, string> };

  @Column('jsonb', { default: {} })
  targeting: VisitTargetingState;
}
