import { useEffect, useState } from 'preact/hooks';

/** A piece of state that views subscribe to: changed only through `set`, which re-renders the subscribers. */
export class Store<S extends object> {
  private readonly subscribers = new Set<() => void>();

  constructor(public state: S) {}

  set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    this.subscribers.forEach((fn) => fn());
  }

  subscribe(fn: () => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }
}

/** Re-renders the component whenever the store changes; returns its current state. */
export function useStore<S extends object>(store: Store<S>): S {
  const [, rerender] = useState(0);
  useEffect(() => store.subscribe(() => rerender((n) => n + 1)), [store]);
  return store.state;
}

/** The current time, ticking every second while the component is shown (countdowns, wait times). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
