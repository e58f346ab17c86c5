import type { VisitFacts } from '../targeting/engine/visit-facts';
import type { Visit } from './visit.entity';
import { parseUrl, type CartItem, type TrackingEvent } from './tracking-event';

// What Relais knows about one visit, folded from its events. Pure: the caller passes the server's time,
// which is the truth for every duration (the widget's `at` is kept with the raw event only).

export interface ViewedProduct {
  sku: string;
  family: string;
  price: number;
  name?: string;
}

export interface VisitContext {
  currentUrl: string;
  pageType?: string;
  /** Server time of the last change of page (ISO). */
  pageChangedAt: string;
  /** Server time of the visitor's last interaction on the current page, derived from `idle` reports (ISO). */
  lastInteractionAt: string;
  pageViews: number;
  /** Views per page (its path, see `pageKey`) in this visit. */
  pageCounts: Record<string, number>;
  /** The product viewed last in this visit: it stays the context on the cart and checkout pages. */
  product?: ViewedProduct;
  cart: CartItem[];
  cartValue: number;
  cartCount: number;
  cartUpdatedAt?: string;
  searchKeywords: string[];
  exitIntent: boolean;
  checkoutStartedAt?: string;
  purchases: { orderId: string; amount: number; at: string }[];
}

export interface VisitOrigin {
  startedAt: Date;
  visitNumber: number;
  referrerSource: string;
  referrerKeywords: readonly string[];
  country: string | null;
  deviceType: string;
}

/** Where a visit came from, as the facts read it. */
export const originOf = (v: Pick<Visit, 'startedAt' | 'visitNumber' | 'referrerSource' | 'context' | 'country' | 'deviceType'>): VisitOrigin => ({
  startedAt: v.startedAt,
  visitNumber: v.visitNumber,
  referrerSource: v.referrerSource,
  referrerKeywords: v.context.referrerKeywords ?? [],
  country: v.country,
  deviceType: v.deviceType,
});

export interface CustomerFacts {
  tags: readonly string[];
  lifetimeValue: number;
  segment?: string;
}

// Bounded so the context row stays small: it is read and written on every batch. The products viewed
// are not kept here: the raw events hold them.
const MAX_DISTINCT_PAGES = 100;
const MAX_KEYWORDS = 100;

/**
 * The page a URL stands for, as its path: tracking parameters and fragments do not make another page, nor
 * does the host (a shop's pages are the same on its mobile host).
 */
export function pageKey(url: string): string {
  return (parseUrl(url)?.pathname ?? url).toLowerCase();
}

export function keywordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1);
}

export function newVisitContext(landingUrl: string, now: Date): VisitContext {
  const at = now.toISOString();
  return {
    currentUrl: landingUrl,
    pageChangedAt: at,
    lastInteractionAt: at,
    pageViews: 1,
    pageCounts: { [pageKey(landingUrl)]: 1 },
    cart: [],
    cartValue: 0,
    cartCount: 0,
    searchKeywords: [],
    exitIntent: false,
    purchases: [],
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Folds one event into the context, in place. */
export function applyEvent(ctx: VisitContext, event: TrackingEvent, now: Date): void {
  const at = now.toISOString();
  if (event.type !== 'idle' && event.type !== 'exit_intent') ctx.lastInteractionAt = at;
  switch (event.type) {
    case 'page_view': {
      const key = pageKey(event.url);
      if (ctx.pageCounts[key] !== undefined || Object.keys(ctx.pageCounts).length < MAX_DISTINCT_PAGES) ctx.pageCounts[key] = (ctx.pageCounts[key] ?? 0) + 1;
      ctx.pageViews += 1;
      ctx.currentUrl = event.url;
      ctx.pageType = event.pageType?.toLowerCase();
      ctx.pageChangedAt = at;
      ctx.exitIntent = false;
      return;
    }
    case 'product_view': {
      ctx.product = { sku: event.sku, family: event.family.toLowerCase(), price: event.price, ...(event.name !== undefined && { name: event.name }) };
      return;
    }
    case 'cart_update':
      ctx.cart = event.items.map((i) => ({ sku: i.sku, price: i.price, quantity: i.quantity, ...(i.family !== undefined && { family: i.family.toLowerCase() }) }));
      ctx.cartValue = round2(event.items.reduce((sum, i) => sum + i.price * i.quantity, 0));
      ctx.cartCount = event.items.reduce((sum, i) => sum + i.quantity, 0);
      ctx.cartUpdatedAt = at;
      return;
    case 'search':
      ctx.searchKeywords = [...new Set([...ctx.searchKeywords, ...keywordsOf(event.query)])].slice(-MAX_KEYWORDS);
      return;
    case 'idle': {
      // The widget measures idleness; the server only trusts it back to the last page change it saw itself.
      const claimed = now.getTime() - event.seconds * 1000;
      ctx.lastInteractionAt = new Date(Math.max(claimed, Date.parse(ctx.pageChangedAt))).toISOString();
      return;
    }
    case 'exit_intent':
      ctx.exitIntent = true;
      return;
    case 'checkout_start':
      ctx.checkoutStartedAt ??= at;
      return;
    case 'purchase':
      if (!ctx.purchases.some((p) => p.orderId === event.orderId)) ctx.purchases.push({ orderId: event.orderId, amount: event.amount, at });
      ctx.cart = [];
      ctx.cartValue = 0;
      ctx.cartCount = 0;
      ctx.cartUpdatedAt = at;
      return;
  }
}

const secondsBetween = (from: string | Date, now: Date) => Math.max(0, Math.floor((now.getTime() - new Date(from).getTime()) / 1000));

/** The facts the targeting rules read, at `now` (server time). */
export function buildFacts(ctx: VisitContext, origin: VisitOrigin, customer: CustomerFacts | null, now: Date): VisitFacts {
  const sinceActivity = secondsBetween(ctx.cartUpdatedAt && ctx.cartUpdatedAt > ctx.pageChangedAt ? ctx.cartUpdatedAt : ctx.pageChangedAt, now);
  const facts: { -readonly [K in keyof VisitFacts]: VisitFacts[K] } = {
    'page.url': ctx.currentUrl,
    'page.viewCount': ctx.pageCounts[pageKey(ctx.currentUrl)] ?? 1,
    'page.idleSeconds': secondsBetween(ctx.lastInteractionAt, now),
    'cart.value': ctx.cartValue,
    'cart.items': ctx.cartCount,
    // "Cart not empty and no page change (or cart change) for N seconds."
    'cart.idleSeconds': ctx.cartCount > 0 ? sinceActivity : 0,
    'visit.durationSeconds': secondsBetween(origin.startedAt, now),
    'visit.pageViews': ctx.pageViews,
    'visitor.visitCount': origin.visitNumber,
    'visitor.returning': origin.visitNumber > 1,
    'visitor.identified': customer !== null,
    'search.keywords': ctx.searchKeywords,
    'referrer.keywords': origin.referrerKeywords,
    'referrer.source': origin.referrerSource,
    'device.type': origin.deviceType,
    exitIntent: ctx.exitIntent,
  };
  if (ctx.pageType !== undefined) facts['page.type'] = ctx.pageType;
  if (ctx.product) {
    facts['product.family'] = ctx.product.family;
    facts['product.price'] = ctx.product.price;
  }
  if (origin.country) facts['geo.country'] = origin.country;
  if (customer) {
    facts['customer.tags'] = customer.tags;
    facts['customer.lifetimeValue'] = customer.lifetimeValue;
    if (customer.segment !== undefined) facts['customer.segment'] = customer.segment;
  }
  return facts;
}
