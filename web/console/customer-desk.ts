import { failureNotice } from './failure';
import { lookupQueries } from './customer-search';
import type { ConsoleSession } from './session';
import { Store } from './store';
import type { Callback, Customer, Page, TimelineItem } from './types';

export interface CustomerDeskState {
  results: Customer[] | null;
  customer: Customer | null;
  timeline: TimelineItem[];
  callbacks: Callback[] | null;
  notice: string | null;
  busy: boolean;
}

export type CallOutcome = 'reached' | 'no_answer' | 'wrong_number';

/** Phone and store advisors: find a customer, read the unified profile and timeline, work today's callbacks. */
export class CustomerDesk extends Store<CustomerDeskState> {
  constructor(private readonly session: ConsoleSession) {
    super({ results: null, customer: null, timeline: [], callbacks: null, notice: null, busy: false });
  }

  async search(input: string): Promise<void> {
    if (!input.trim()) return;
    this.set({ busy: true, notice: null });
    try {
      let items: Customer[] = [];
      for (const query of lookupQueries(input)) {
        items = (await this.session.api.get<Page<Customer>>(`/customers?${query}&limit=20`)).items;
        if (items.length) break;
      }
      this.set({ results: items, busy: false });
      if (items.length === 1) await this.open(items[0].id);
    } catch (error) {
      this.fail(error);
    }
  }

  async open(customerId: string): Promise<void> {
    try {
      const [customer, timeline] = await Promise.all([
        this.session.api.get<Customer>(`/customers/${customerId}`),
        this.session.api.get<Page<TimelineItem>>(`/customers/${customerId}/timeline?limit=50`),
      ]);
      this.set({ customer, timeline: timeline.items, busy: false });
    } catch (error) {
      this.fail(error);
    }
  }

  /** Callbacks not yet closed and due by the end of today, in due order (the API lists by due time). */
  async refreshCallbacks(): Promise<void> {
    try {
      const endOfDay = new Date();
      endOfDay.setHours(23, 59, 59, 999);
      const pages = await Promise.all(['booked', 'assigned'].map((status) => this.session.api.get<Page<Callback>>(`/callbacks?status=${status}&limit=100`)));
      const due = pages.flatMap((p) => p.items).filter((c) => Date.parse(c.dueAt) <= endOfDay.getTime());
      this.set({ callbacks: due.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)) });
    } catch (error) {
      this.fail(error);
    }
  }

  async take(callback: Callback): Promise<void> {
    await this.act(() => this.session.api.post(`/callbacks/${callback.id}/take`), callback);
  }

  async recordOutcome(callback: Callback, outcome: CallOutcome, label: string): Promise<void> {
    if (await this.act(() => this.session.api.post(`/callbacks/${callback.id}/outcome`, { outcome }), callback)) this.set({ notice: this.session.t.outcomeSaved(label) });
  }

  /** Links the callback to the profile its typed phone or e-mail matches, after the advisor checked with the person. */
  async linkProfile(callback: Callback): Promise<void> {
    if (await this.act(() => this.session.api.post(`/callbacks/${callback.id}/link-profile`), callback)) this.set({ notice: this.session.t.linked });
  }

  /** Runs a callback action, then shows the list and the customer's timeline as they now are. */
  private async act(run: () => Promise<unknown>, callback: Callback): Promise<boolean> {
    try {
      await run();
      await this.refreshCallbacks();
      const customerId = callback.handoff.customer?.id;
      if (customerId) await this.open(customerId);
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private fail(error: unknown): void {
    const notice = failureNotice(this.session.t, error);
    this.set(notice ? { busy: false, notice } : { busy: false });
  }
}
