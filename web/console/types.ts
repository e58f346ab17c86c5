// The server's shapes the console reads (see /docs for the full contract).
export type Role = 'admin' | 'supervisor' | 'chat_advisor' | 'phone_advisor' | 'store_advisor';
export type Presence = 'online' | 'away' | 'offline';

export interface Advisor {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  storeId: string | null;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  advisor: Advisor;
}

export interface Message {
  id: string;
  seq: number;
  author: 'visitor' | 'bot' | 'advisor' | 'system';
  text: string;
  createdAt?: string;
}

export interface Customer {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  tags: string[];
  lifetimeValue: number;
  orderCount: number;
  identities: { kind: string; value: string }[];
}

export interface TimelineItem {
  id: string;
  channel: string;
  type: string;
  occurredAt: string;
  summary: string | null;
  amount: number | null;
}

export interface Visit {
  landingUrl: string;
  currentUrl: string;
  pageViews: number;
  cartValue: number;
  cartItems: number;
  pages: { path: string; views: number }[];
  product: { sku: string; name?: string; family: string; price: number } | null;
  cart: { sku: string; price: number; quantity: number }[];
}

export interface Handoff {
  conversation: { id: string; state: string };
  transcript: Message[];
  lastIntent: string | null;
  language: string;
  escalationReason: string | null;
  transferNote: string | null;
  customer: Customer | null;
  timeline: TimelineItem[];
  visit: Visit | null;
}

export interface Offer {
  conversationId: string;
  expiresAt: string;
  handoff: Handoff;
}

export interface QueueEntry {
  conversationId: string;
  position: number;
  locale: string;
  skill: string | null;
  escalatedAt: string;
  estimatedWaitSeconds: number | null;
  offeredToId: string | null;
}

export interface AdvisorLoad {
  id: string;
  name: string;
  presence: Presence;
  activeChats: number;
  capacity: number;
}

export interface Callback {
  id: string;
  status: 'booked' | 'assigned' | 'closed';
  phone: string | null;
  note: string | null;
  promisedBy: string;
  dueAt: string;
  attempts: number;
  advisorId: string | null;
  outcome: string | null;
  late: boolean;
  handoff: { language: string; customer: { id: string; name: string | null; phone: string | null } | null; contactMatchesProfile: boolean };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
