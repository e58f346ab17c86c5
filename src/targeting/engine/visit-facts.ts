// The vocabulary merchants' rules may use. The Nest layer builds a `VisitFacts` from tracking events;
// the engine only reads it. Keys are the dotted fact names themselves so a lookup is one property read.

export type FactType = 'string' | 'number' | 'boolean' | 'string[]';

export const FACT_TYPES = {
  'page.url': 'string',
  'page.type': 'string',
  'page.viewCount': 'number',
  'page.idleSeconds': 'number',
  'product.family': 'string',
  'product.price': 'number',
  'cart.value': 'number',
  'cart.items': 'number',
  'cart.idleSeconds': 'number',
  'visit.durationSeconds': 'number',
  'visit.pageViews': 'number',
  'visitor.visitCount': 'number',
  'visitor.returning': 'boolean',
  'visitor.identified': 'boolean',
  'customer.tags': 'string[]',
  'customer.segment': 'string',
  'customer.lifetimeValue': 'number',
  'search.keywords': 'string[]',
  'referrer.keywords': 'string[]',
  'referrer.source': 'string',
  'geo.country': 'string',
  'device.type': 'string',
  exitIntent: 'boolean',
} as const satisfies Record<string, FactType>;

export type FactName = keyof typeof FACT_TYPES;

type ValueOf<T extends FactType> = T extends 'string' ? string : T extends 'number' ? number : T extends 'boolean' ? boolean : readonly string[];

/** Missing facts are simply absent (or undefined): every comparison on them is false. */
export type VisitFacts = { readonly [K in FactName]?: ValueOf<(typeof FACT_TYPES)[K]> };

export type DeviceType = 'desktop' | 'mobile' | 'tablet';
export const DEVICE_TYPES: readonly DeviceType[] = ['desktop', 'mobile', 'tablet'];

/**
 * Facts that grow by themselves while the visitor does nothing. An unmatched rule waiting only on them
 * can become true without any new event, so the engine tells the widget when to ask again.
 * `cart.idleSeconds` only grows while the cart holds something (it stays 0 on an empty cart).
 */
export const TIME_BASED_FACTS: ReadonlySet<FactName> = new Set<FactName>(['cart.idleSeconds', 'visit.durationSeconds', 'page.idleSeconds']);

export function isFactName(name: unknown): name is FactName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(FACT_TYPES, name);
}

/** Whether a time-based fact keeps growing for these facts if nothing else happens. */
export function isGrowing(fact: FactName, facts: VisitFacts): boolean {
  if (fact === 'cart.idleSeconds') return (facts['cart.items'] ?? 0) > 0 || (facts['cart.value'] ?? 0) > 0;
  return TIME_BASED_FACTS.has(fact);
}
