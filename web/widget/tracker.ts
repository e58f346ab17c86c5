import { session } from '../shared/storage';
import type { TrackEvent } from './types';

type Send = (events: TrackEvent[]) => Promise<number | undefined>;

const CART_KEY = 'relais:cart';
const INTERACTIONS = ['pointerdown', 'keydown', 'scroll', 'touchstart', 'mousemove'] as const;

/**
 * Reports what the visitor does on this page, as the targeting API expects: page and product views from the page
 * (`data-relais-*`), cart changes, exit intent, and idle time. It sends one batch at a time, and comes back when
 * the server says (`nextCheckInSeconds`) with an `idle` event, so time-based rules fire without the page acting.
 */
export class PageTracker {
  private queue: TrackEvent[] = [];
  private inFlight: Promise<void> | null = null;
  private checkIn?: ReturnType<typeof setTimeout>;
  private lastInteraction = Date.now();
  private exitReported = false;

  constructor(private readonly send: Send) {
    for (const type of INTERACTIONS) addEventListener(type, () => (this.lastInteraction = Date.now()), { passive: true, capture: true });
    // Exit intent: the pointer leaves through the top of the window, on devices that have a pointer.
    document.addEventListener('mouseout', (event) => {
      if (this.exitReported || event.relatedTarget || event.clientY > 0 || !matchMedia('(pointer: fine)').matches) return;
      this.exitReported = true;
      void this.track({ type: 'exit_intent' });
    });
  }

  /** This page's view (unless the visit start counted it), its product and a changed cart. */
  pageLoaded(visitJustStarted: boolean): Promise<void> {
    const events: TrackEvent[] = [];
    const pageType = document.querySelector('[data-relais-page-type]')?.getAttribute('data-relais-page-type') ?? undefined;
    if (!visitJustStarted) events.push({ type: 'page_view', url: location.href, title: document.title, pageType });
    const product = document.querySelector<HTMLElement>('[data-relais-sku]');
    if (product) {
      const d = product.dataset;
      events.push({ type: 'product_view', sku: d.relaisSku, name: d.relaisName, family: d.relaisFamily ?? 'other', price: Number(d.relaisPrice ?? 0) });
    }
    const cart = document.querySelector<HTMLElement>('[data-relais-cart]')?.dataset.relaisCart;
    if (cart !== undefined) {
      try {
        const event = this.cartEvent(JSON.parse(cart) as unknown[]);
        if (event) events.push(event);
      } catch {
        console.warn('[Relais] data-relais-cart must be a JSON array of {sku, price, quantity}');
      }
    }
    return events.length ? this.enqueue(events) : this.enqueue([{ type: 'idle', seconds: 0 }]);
  }

  track(event: TrackEvent): Promise<void> {
    if (event.type === 'cart_update') {
      const changed = this.cartEvent((event.items as unknown[]) ?? []);
      return changed ? this.enqueue([changed]) : Promise.resolve();
    }
    return this.enqueue([event]);
  }

  /** A cart sent again unchanged would look like activity: only changes are reported. */
  private cartEvent(items: unknown[]): TrackEvent | null {
    const serialised = JSON.stringify(items);
    if (session.read<string>(CART_KEY) === serialised) return null;
    session.write(CART_KEY, serialised);
    return { type: 'cart_update', items };
  }

  private enqueue(events: TrackEvent[]): Promise<void> {
    this.queue.push(...events);
    if (!this.inFlight) this.inFlight = this.flush().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, 50);
      const nextCheckIn = await this.send(batch);
      clearTimeout(this.checkIn);
      if (nextCheckIn !== undefined) this.checkIn = setTimeout(() => void this.enqueue([{ type: 'idle', seconds: Math.floor((Date.now() - this.lastInteraction) / 1000) }]), nextCheckIn * 1000);
    }
  }
}
