import { validateEventsBody, type TrackingEvent } from './tracking-event';
import { applyEvent, buildFacts, newVisitContext, type VisitOrigin } from './visit-context';

const T0 = new Date('2026-03-10T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const origin: VisitOrigin = { startedAt: T0, visitNumber: 2, referrerSource: 'google', referrerKeywords: ['tv'], country: 'FR', deviceType: 'mobile' };

describe('visit context', () => {
  it('counts views of the same page whatever its query string, case or host, and keeps the last product on the cart', () => {
    const ctx = newVisitContext('https://shop.example/tv/a?utm_source=x', T0);
    const events: TrackingEvent[] = [
      { type: 'product_view', sku: 'A', family: 'TV', price: 899 },
      { type: 'page_view', url: 'https://shop.example/cart', pageType: 'Cart' },
      { type: 'page_view', url: 'https://shop.example/tv/a#reviews', pageType: 'product' },
      { type: 'page_view', url: 'https://m.shop.example/TV/a', pageType: 'product' },
    ];
    events.forEach((e, i) => applyEvent(ctx, e, at(i)));
    const facts = buildFacts(ctx, origin, null, at(10));
    expect(facts).toMatchObject({
      'page.viewCount': 3,
      'visit.pageViews': 4,
      'product.family': 'tv',
      'product.price': 899,
      'visitor.returning': true,
      'visitor.identified': false,
      'geo.country': 'FR',
    });
    expect(facts['visit.durationSeconds']).toBe(10);
    expect(Object.keys(ctx.pageCounts)).toEqual(['/tv/a', '/cart']);
  });

  it('measures cart idleness on the server clock, only with items in the cart', () => {
    const ctx = newVisitContext('https://shop.example/', T0);
    expect(buildFacts(ctx, origin, null, at(100))['cart.idleSeconds']).toBe(0);
    applyEvent(ctx, { type: 'cart_update', items: [{ sku: 'A', price: 10.5, quantity: 2 }] }, at(5));
    applyEvent(ctx, { type: 'idle', seconds: 3600 }, at(20));
    const facts = buildFacts(ctx, origin, null, at(45));
    expect(facts).toMatchObject({ 'cart.value': 21, 'cart.items': 2, 'cart.idleSeconds': 40 });
    // The widget cannot claim idleness from before the last page change the server saw.
    expect(facts['page.idleSeconds']).toBe(45);
    applyEvent(ctx, { type: 'page_view', url: 'https://shop.example/x' }, at(50));
    expect(buildFacts(ctx, origin, null, at(55))['cart.idleSeconds']).toBe(5);
  });

  it('tracks exit intent on the current page, searches and purchases', () => {
    const ctx = newVisitContext('https://shop.example/', T0);
    applyEvent(ctx, { type: 'search', query: 'Télé 4K' }, at(1));
    applyEvent(ctx, { type: 'exit_intent' }, at(2));
    expect(buildFacts(ctx, origin, { tags: ['vip'], lifetimeValue: 1200 }, at(3))).toMatchObject({
      exitIntent: true,
      'search.keywords': ['tele', '4k'],
      'customer.tags': ['vip'],
      'visitor.identified': true,
    });
    applyEvent(ctx, { type: 'page_view', url: 'https://shop.example/y' }, at(4));
    applyEvent(ctx, { type: 'purchase', orderId: 'o1', amount: 99 }, at(5));
    applyEvent(ctx, { type: 'purchase', orderId: 'o1', amount: 99 }, at(6));
    expect(ctx.exitIntent).toBe(false);
    expect(ctx.purchases).toHaveLength(1);
  });
});

describe('validateEventsBody: events', () => {
  it('accepts every event type and names the index and field of each bad one', () => {
    const good = [
      { type: 'page_view', url: 'https://shop.example/', title: 'Home', pageType: 'home', id: 'e-1', at: '2026-03-10T10:00:00Z' },
      { type: 'product_view', sku: 'A', family: 'tv', price: 10 },
      { type: 'cart_update', items: [] },
      { type: 'search', query: 'tv' },
      { type: 'idle', seconds: 30 },
      { type: 'exit_intent' },
      { type: 'checkout_start' },
      { type: 'purchase', orderId: 'o', amount: 0 },
    ];
    expect(validateEventsBody({ events: good })).toEqual({ events: good });
    const result = validateEventsBody({ events: [{ type: 'page_view', url: '/relative' }, { type: 'idle', seconds: 1.5 }, { type: 'purchase', amount: -1 }, 'x'] });
    expect('errors' in result && result.errors.map((e) => e.field)).toEqual(['events[0].url', 'events[1].seconds', 'events[2].orderId', 'events[2].amount', 'events[3]']);
  });
});

describe('validateEventsBody', () => {
  it('takes the events of a body that holds only them, and names an unknown field or a missing array', () => {
    const events = [{ type: 'exit_intent' }];
    expect(validateEventsBody({ events })).toEqual({ events });
    expect(validateEventsBody({ events, extra: 1 })).toEqual({ errors: [{ field: 'extra', reasons: ['property extra should not exist'] }] });
    expect(validateEventsBody({})).toEqual({ errors: [{ field: 'events', reasons: ['events is required'] }] });
    expect('errors' in validateEventsBody([events])).toBe(true);
    expect('errors' in validateEventsBody(null)).toBe(true);
  });
});
