import { Column } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

/** Where an escalation request came from: the site, visit, visitor, known customer and bot conversation, for the handoff. */
export abstract class VisitorRequestEntity extends TimestampedEntity {
  @Column('uuid', { name: 'site_id', nullable: true })
  siteId: string | null;

  @Column('uuid', { name: 'visit_id', nullable: true })
  visitId: string | null;

  @Column('text', { name: 'visitor_id', nullable: true })
  visitorId: string | null;

  @Column('uuid', { name: 'customer_id', nullable: true })
  customerId: string | null;

  @Column('uuid', { name: 'conversation_id', nullable: true })
  conversationId: string | null;
}
