/**
 * The one definition of "is an advisor free?". Targeting, the widget's availability, chat routing, the chat
 * queue and callback assignment all ask these functions, so nobody offers what another would refuse.
 * Pure: the rows come from `AvailabilityService` (or the event batch's read, through `ADVISOR_SEATS_SQL`).
 */

/** An enabled advisor as the rules see them. */
export interface AdvisorSeat {
  id: string;
  name: string;
  presence: string;
  channels: string[];
  roles: string[];
  skills: string[];
  languages: string[];
  /** `maxConcurrentChats`. */
  capacity: number;
  /** Conversations they are in (`with_human`). */
  chats: number;
  /** Conversations offered to them and not yet answered: a seat held until the offer ends. */
  offers: number;
  /** ISO timestamp (the row travels as JSON). */
  presenceChangedAt: string | null;
}

/** Roles that may be offered chats (an admin who is online on the chat channel is not). */
export const CHAT_ROLES: readonly string[] = ['chat_advisor', 'supervisor'];

/** Seats taken: chats in progress plus pending offers. */
export const chatLoad = (a: AdvisorSeat): number => a.chats + a.offers;

/** Online, on the chat channel, in a chat role, with any seats at all: routing may offer them chats. */
export const takesChats = (a: AdvisorSeat): boolean => a.presence === 'online' && a.channels.includes('chat') && a.roles.some((r) => CHAT_ROLES.includes(r)) && a.capacity > 0;

/** Can take a chat right now (with this skill, when one is asked for). */
export const freeForChat = (a: AdvisorSeat, skill?: string): boolean => takesChats(a) && chatLoad(a) < a.capacity && (skill === undefined || a.skills.includes(skill));

/** Online on the phone channel: can take a call or be given a callback. */
export const takesCalls = (a: AdvisorSeat): boolean => a.presence === 'online' && a.channels.includes('phone');

/** Seats free across all chat advisors and their total, for the queue's wait estimate. */
export function chatSeats(advisors: readonly AdvisorSeat[]): { free: number; total: number } {
  const chat = advisors.filter(takesChats);
  return { free: chat.reduce((n, a) => n + Math.max(a.capacity - chatLoad(a), 0), 0), total: chat.reduce((n, a) => n + a.capacity, 0) };
}

/** Whether some advisor could take a chat (with the skill asked for), for targeting's chat actions. */
export function chatAvailability(advisors: readonly AdvisorSeat[]): (skill?: string) => boolean {
  const free = advisors.filter((a) => freeForChat(a));
  return (skill) => free.some((a) => freeForChat(a, skill));
}

export type ChatClosedReason = 'closed_hours' | 'no_advisor_online';

/**
 * Whether chat is open: within the chat team's hours and an advisor is free. A visitor who already asked for a
 * person (`queueing`) may also wait for a seat, so there an advisor who takes chats is enough.
 */
export function chatOpen(withinHours: boolean, advisors: readonly AdvisorSeat[], queueing = false): { open: true } | { open: false; reason: ChatClosedReason } {
  if (!withinHours) return { open: false, reason: 'closed_hours' };
  return advisors.some((a) => (queueing ? takesChats(a) : freeForChat(a))) ? { open: true } : { open: false, reason: 'no_advisor_online' };
}
