// Every in-process domain event name (@nestjs/event-emitter), in one place so emitters and listeners agree.
// Payload types live with the module that emits the event. Anything that must survive a crash is a job instead.
export const DOMAIN_EVENTS = {
  /** Messages stored (and committed) in a conversation, for realtime delivery. */
  conversationMessagesAdded: 'conversation.messages-added',
  /** The agent handed the conversation over; the listener's answer tells the visitor what happens next. */
  conversationEscalated: 'conversation.escalated',
} as const;
