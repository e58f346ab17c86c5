// The events the widget sends, and their validation. A batch is checked as a whole before anything is stored:
// every error names the index and field of the bad event (`events[2].price`), like the validation pipe does.

export const EVENT_TYPES = ['page_view', 'product_view', 'cart_update', 'search', 'idle', 'exit_intent', 'checkout_start', 'purchase'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface CartItem {
  sku: string;
  family?: string;
  price: number;
  quantity: number;
}

interface EventBase {
  /** Optional client event id: a resent event with the same id is ignored. */
  id?: string;
  /** The client's clock, kept for reference only; durations use the server's time. */
  at?: string;
}

export type TrackingEvent = EventBase &
  (
    | { type: 'page_view'; url: string; title?: string; pageType?: string }
    | { type: 'product_view'; sku: string; name?: string; family: string; price: number }
    | { type: 'cart_update'; items: CartItem[] }
    | { type: 'search'; query: string }
    | { type: 'idle'; seconds: number }
    | { type: 'exit_intent' }
    | { type: 'checkout_start' }
    | { type: 'purchase'; orderId: string; amount: number }
  );

export const EVENT_LIMITS = { maxEvents: 50, maxCartItems: 200, maxUrlLength: 2000, maxText: 500, maxPrice: 10_000_000, maxIdleSeconds: 86_400 } as const;

export interface FieldError {
  field: string;
  reasons: string[];
}

type Json = Record<string, unknown>;
type FieldSpec = (value: unknown) => string | undefined;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const text =
  (max: number, pattern?: RegExp, patternMessage?: string): FieldSpec =>
  (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value.trim().length === 0) return 'must not be empty';
    if (value.length > max) return `must be at most ${max} characters`;
    if (pattern && !pattern.test(value)) return patternMessage;
    return undefined;
  };

const number =
  (min: number, max: number, integer = false): FieldSpec =>
  (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    if (integer && !Number.isInteger(value)) return 'must be an integer';
    if (value < min || value > max) return `must be between ${min} and ${max}`;
    return undefined;
  };

const url: FieldSpec = (value) => {
  const error = text(EVENT_LIMITS.maxUrlLength)(value);
  if (error) return error;
  return parseUrl(value as string) ? undefined : 'must be an absolute URL';
};

const isoDate: FieldSpec = (value) => (typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value)) ? undefined : 'must be an ISO 8601 date-time');

export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const SLUG = /^[a-z0-9_-]+$/i;
const CLIENT_ID = /^[\x21-\x7e]+$/;

const COMMON: Record<string, FieldSpec> = { id: text(100, CLIENT_ID, 'printable characters without spaces'), at: isoDate };

/** Required fields first; optional ones end with `?`. */
const SPECS: Record<EventType, Record<string, FieldSpec>> = {
  page_view: { url, 'title?': text(EVENT_LIMITS.maxText), 'pageType?': text(50, SLUG, 'letters, digits, "_" and "-"') },
  product_view: { sku: text(100), 'name?': text(EVENT_LIMITS.maxText), family: text(100), price: number(0, EVENT_LIMITS.maxPrice) },
  cart_update: { items: () => undefined }, // checked item by item below
  search: { query: text(EVENT_LIMITS.maxText) },
  idle: { seconds: number(0, EVENT_LIMITS.maxIdleSeconds, true) },
  exit_intent: {},
  checkout_start: {},
  purchase: { orderId: text(100), amount: number(0, EVENT_LIMITS.maxPrice) },
};

const CART_ITEM: Record<string, FieldSpec> = { sku: text(100), 'family?': text(100), price: number(0, EVENT_LIMITS.maxPrice), quantity: number(1, 1000, true) };

function checkFields(obj: Json, specs: Record<string, FieldSpec>, path: string, errors: FieldError[], extraAllowed: ReadonlySet<string> = new Set()): void {
  const allowed = new Set([...extraAllowed]);
  for (const [key, spec] of Object.entries(specs)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    allowed.add(name);
    const value = obj[name];
    if (value === undefined || value === null) {
      if (!optional) errors.push({ field: `${path}.${name}`, reasons: [`${name} is required`] });
      continue;
    }
    const problem = spec(value);
    if (problem) errors.push({ field: `${path}.${name}`, reasons: [problem] });
  }
  for (const key of Object.keys(obj)) if (!allowed.has(key)) errors.push({ field: `${path}.${key}`, reasons: [`unknown field "${key}"`] });
}

/**
 * Checks a request body `{events: [...]}` (the events route validates it here rather than through the
 * DTO's class-validator pass: this check is complete on its own and the route is the hottest one).
 */
export function validateEventsBody(body: unknown): { events: TrackingEvent[] } | { errors: FieldError[] } {
  if (!isObject(body)) return { errors: [{ field: '', reasons: ['the body must be an object {"events": [...]}'] }] };
  const unknown = Object.keys(body).filter((key) => key !== 'events');
  if (unknown.length) return { errors: unknown.slice(0, 50).map((key) => ({ field: key, reasons: [`unknown field "${key}"`] })) };
  return validateEvents(body.events);
}

/** Checks a batch; returns the typed events, or every problem found (at most 50). */
export function validateEvents(payload: unknown): { events: TrackingEvent[] } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!Array.isArray(payload)) return { errors: [{ field: 'events', reasons: ['events must be an array'] }] };
  if (payload.length === 0) return { errors: [{ field: 'events', reasons: ['send at least one event'] }] };
  if (payload.length > EVENT_LIMITS.maxEvents) return { errors: [{ field: 'events', reasons: [`at most ${EVENT_LIMITS.maxEvents} events per batch`] }] };
  payload.forEach((event: unknown, index) => {
    const path = `events[${index}]`;
    if (!isObject(event)) return errors.push({ field: path, reasons: ['an event must be an object'] });
    const type = event.type;
    if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
      return errors.push({ field: `${path}.type`, reasons: [`type must be one of ${EVENT_TYPES.join(', ')}`] });
    }
    checkFields(event, { ...SPECS[type as EventType], 'id?': COMMON.id, 'at?': COMMON.at }, path, errors, new Set(['type']));
    if (type === 'cart_update') {
      const items = event.items;
      if (items === undefined || items === null) return;
      if (!Array.isArray(items)) return errors.push({ field: `${path}.items`, reasons: ['items must be an array'] });
      if (items.length > EVENT_LIMITS.maxCartItems) return errors.push({ field: `${path}.items`, reasons: [`at most ${EVENT_LIMITS.maxCartItems} items`] });
      items.forEach((item: unknown, i) => {
        if (!isObject(item)) errors.push({ field: `${path}.items[${i}]`, reasons: ['an item must be an object'] });
        else checkFields(item, CART_ITEM, `${path}.items[${i}]`, errors);
      });
    }
    return undefined;
  });
  return errors.length ? { errors: errors.slice(0, 50) } : { events: payload as TrackingEvent[] };
}
