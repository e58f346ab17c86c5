import { Column } from 'typeorm';
import type { VisitorPrincipal } from '../common/auth/principal';
import { TimestampedEntity } from '../database/timestamped.entity';
import type { ResolvedContact } from './escalation-contacts.service';
import type { TextLanguage } from './texts/visitor-texts';

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

  /** The visitor's language: what they are sent is written in it, and the advisor knows what to speak. */
  @Column('text', { default: 'en' })
  language: TextLanguage;
}

/** The origin fields of a new request from this visitor, about this contact. */
export function requestOrigin(
  visitor: VisitorPrincipal,
  contact: ResolvedContact,
  conversationId: string | undefined,
): Pick<VisitorRequestEntity, 'siteId' | 'visitId' | 'visitorId' | 'customerId' | 'conversationId' | 'language'> {
  return {
    siteId: visitor.siteId,
    visitId: visitor.visitId ?? null,
    visitorId: visitor.visitorId ?? null,
    customerId: contact.customerId,
    conversationId: conversationId ?? null,
    language: contact.language,
  };
}
