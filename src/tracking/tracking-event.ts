import Ajv, { type ErrorObject, type JSONSchemaType } from 'ajv';
import { fieldPath, unknownField } from '../common/schema';
import type { FieldError } from '../common/validation.pipe';

// The events the widget sends, and their validation: one JSON schema compiled by ajv, as this is the hottest route.
// A batch is checked as a whole before anything is stored; every error names the index and field of the bad event
// (`events[2].price`), like the validation pipe does.

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

export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** What a failed `pattern` or `format` means, by pattern or format name. */
const REASONS: Record<string, string> = {
  '\\S': 'must not be empty',
  '^[a-z0-9_-]+$': 'letters, digits, "_" and "-"',
  '^[\\x21-\\x7e]+$': 'printable characters without spaces',
  'absolute-url': 'must be an absolute URL',
  'date-time-text': 'must be an ISO 8601 date-time',
};

const text = (maxLength: number, pattern?: string) => ({ type: 'string', maxLength, allOf: [{ pattern: '\\S' }, ...(pattern ? [{ pattern }] : [])] });
const amount = { type: 'number', minimum: 0, maximum: EVENT_LIMITS.maxPrice };

const cartItem = {
  type: 'object',
  properties: { sku: text(100), family: text(100), price: amount, quantity: { type: 'integer', minimum: 1, maximum: 1000 } },
  required: ['sku', 'price', 'quantity'],
  additionalProperties: false,
};

/** Fields of each event type; `required` lists the ones that must be there. */
const FIELDS: Record<EventType, { properties: Record<string, object>; required: string[] }> = {
  page_view: {
    properties: { url: { type: 'string', maxLength: EVENT_LIMITS.maxUrlLength, format: 'absolute-url' }, title: text(EVENT_LIMITS.maxText), pageType: text(50, '^[a-z0-9_-]+$') },
    required: ['url'],
  },
  product_view: { properties: { sku: text(100), name: text(EVENT_LIMITS.maxText), family: text(100), price: amount }, required: ['sku', 'family', 'price'] },
  cart_update: { properties: { items: { type: 'array', maxItems: EVENT_LIMITS.maxCartItems, items: cartItem } }, required: ['items'] },
  search: { properties: { query: text(EVENT_LIMITS.maxText) }, required: ['query'] },
  idle: { properties: { seconds: { type: 'integer', minimum: 0, maximum: EVENT_LIMITS.maxIdleSeconds } }, required: ['seconds'] },
  exit_intent: { properties: {}, required: [] },
  checkout_start: { properties: {}, required: [] },
  purchase: { properties: { orderId: text(100), amount }, required: ['orderId', 'amount'] },
};

/** A null optional field counts as absent, as it always has for the widget. */
const optional = (properties: Record<string, object>, required: string[]) =>
  Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, required.includes(name) ? schema : { ...schema, nullable: true }]));

/** The request body `{events: [...]}`, also shown in the OpenAPI document. */
export const EVENTS_BODY_SCHEMA = {
  type: 'object',
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      maxItems: EVENT_LIMITS.maxEvents,
      items: {
        type: 'object',
        discriminator: { propertyName: 'type' },
        required: ['type'],
        oneOf: EVENT_TYPES.map((type) => ({
          properties: {
            type: { enum: [type] },
            ...optional({ id: text(100, '^[\\x21-\\x7e]+$'), at: { type: 'string', maxLength: 40, format: 'date-time-text' } }, []),
            ...optional(FIELDS[type].properties, FIELDS[type].required),
          },
          required: FIELDS[type].required,
          additionalProperties: false,
        })),
      },
    },
  },
  required: ['events'],
  additionalProperties: false,
} as const;

const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true, strictTypes: false })
  .addFormat('absolute-url', (value: string) => parseUrl(value) !== undefined)
  .addFormat('date-time-text', (value: string) => !Number.isNaN(Date.parse(value)));
const checkBody = ajv.compile(EVENTS_BODY_SCHEMA as unknown as JSONSchemaType<{ events: TrackingEvent[] }>);

const path = (pointer: string): (string | number)[] =>
  pointer
    ? pointer
        .slice(1)
        .split('/')
        .map((key) => (/^\d+$/.test(key) ? Number(key) : key))
    : [];

/** ajv's error in the API's words. */
function toFieldError(error: ErrorObject): FieldError {
  const at = path(error.instancePath);
  const field = fieldPath(at);
  const schema = error.parentSchema as { minimum?: number; maximum?: number } | undefined;
  switch (error.keyword) {
    case 'required': {
      const name = (error.params as { missingProperty: string }).missingProperty;
      return { field: fieldPath([...at, name]), reasons: [`${name} is required`] };
    }
    case 'additionalProperties':
      return unknownField(at, (error.params as { additionalProperty: string }).additionalProperty);
    case 'discriminator':
      return { field: fieldPath([...at, 'type']), reasons: [`type must be one of ${EVENT_TYPES.join(', ')}`] };
    case 'type': {
      const type = (error.params as { type: string }).type;
      return { field, reasons: [`must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`] };
    }
    case 'minimum':
    case 'maximum':
      return { field, reasons: [`must be between ${schema?.minimum} and ${schema?.maximum}`] };
    case 'maxLength':
      return { field, reasons: [`must be at most ${(error.params as { limit: number }).limit} characters`] };
    case 'minItems':
      return { field, reasons: ['send at least one event'] };
    case 'maxItems':
      return { field, reasons: [`at most ${(error.params as { limit: number }).limit} ${at.length > 1 ? 'items' : 'events per batch'}`] };
    case 'pattern':
      return { field, reasons: [REASONS[(error.params as { pattern: string }).pattern]] };
    case 'format':
      return { field, reasons: [REASONS[(error.params as { format: string }).format]] };
    default:
      return { field, reasons: [error.message ?? 'is invalid'] };
  }
}

/** Checks a request body `{events: [...]}`; returns the typed events, or every problem found (at most 50). */
export function validateEventsBody(body: unknown): { events: TrackingEvent[] } | { errors: FieldError[] } {
  if (checkBody(body)) return { events: body.events };
  // An event without a type is named once, by `required`.
  const errors = (checkBody.errors ?? [])
    .filter((error) => error.keyword !== 'allOf' && !(error.keyword === 'discriminator' && error.params.tagValue === undefined))
    .map(toFieldError);
  return { errors: errors.slice(0, 50) };
}
