// The server's shapes the widget reads (see /docs for the full contract).
export type ActionType = 'chat_button' | 'chat_invitation' | 'chat_open' | 'callback_offer' | 'discount_offer' | 'faq_suggestion';

export interface Action {
  id: string;
  type: ActionType;
  ruleId: string;
  message?: string;
  offer?: { code?: string; label?: string };
}

export interface Message {
  id: string;
  seq: number;
  author: 'visitor' | 'bot' | 'advisor' | 'system';
  text: string;
  intent: string | null;
  action: 'answer' | 'clarify' | 'escalate' | null;
  quickReplies: { intent: string; label: string }[] | null;
}

export type ConversationState = 'bot' | 'waiting_human' | 'with_human' | 'closed';
export type Route = 'callback' | 'call' | 'store' | 'message';

export interface Queue {
  position: number;
  estimatedWaitSeconds: number | null;
}

export interface Handover {
  status: 'queued' | 'unavailable' | 'other_route';
  queue?: Queue;
  alternatives?: Route[];
  nextCallbackSlot?: string | null;
}

export interface Turn {
  state: ConversationState;
  replies: Message[];
  escalation?: { route: 'human' | Route; reason: string };
  handover?: Handover;
}

export interface Slot {
  start: string;
  end: string;
}

export interface Store {
  id: string;
  name: string;
  city: string;
}

export interface TrackEvent {
  type: string;
  [field: string]: unknown;
}
