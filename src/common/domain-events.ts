import { randomUUID } from 'node:crypto';

/**
 * Things that happened, published in-process (EventEmitter2) after they are committed, for side effects in other
 * modules (webhooks, follow-ups). Anything that must survive a crash becomes a database row and a job in its subscriber.
 */
export const DOMAIN_EVENTS = {
  /** Messages stored (and committed) in a conversation, for realtime delivery. */
  conversationMessagesAdded: 'conversation.messages-added',
  /** The agent handed the conversation over; the listener's answer tells the visitor what happens next. */
  conversationEscalated: 'conversation.escalated',
  conversationClosed: 'conversation.closed',
  callbackBooked: 'callback.booked',
  callbackMissed: 'callback.missed',
  appointmentBooked: 'appointment.booked',
  storeRequestUpdated: 'store_request.updated',
  customerMerged: 'customer.merged',
  customerErased: 'customer.erased',
  cartAbandoned: 'cart.abandoned',
  cartRecovered: 'cart.recovered',
  targetingAccepted: 'targeting.accepted',
  purchaseAttributed: 'purchase.attributed',
} as const;

/**
 * `conversation.escalated` is also the conversations module's request to live chat, whose first listener's answer tells
 * the visitor what happens next; its public copy (a `DomainEvent`) goes out under this name once that answer is known.
 */
export const CONVERSATION_ESCALATED_PUBLISHED = 'conversation.escalated.published';

export type DomainEventType = (typeof DOMAIN_EVENTS)[keyof typeof DOMAIN_EVENTS];
export const DOMAIN_EVENT_TYPES = Object.values(DOMAIN_EVENTS) as DomainEventType[];

/** One occurrence: `id` is stable across webhook retries, so receivers can ignore a repeat. */
export interface DomainEvent<Data extends object = Record<string, unknown>> {
  id: string;
  type: DomainEventType;
  occurredAt: string;
  data: Data;
}

export function domainEvent<Data extends object>(type: DomainEventType, data: Data, occurredAt: Date = new Date()): DomainEvent<Data> {
  return { id: randomUUID(), type, occurredAt: occurredAt.toISOString(), data };
}
