// Micro-benchmark of the event batch check that every tracking request runs before anything is stored.
// Prints nanoseconds per batch for a typical 5-event batch, a full 50-event batch and a rejected batch.
// Run after a build: node dist/bench/tracking-validation.bench.js [iterations]

import { validateEventsBody } from '../src/tracking/tracking-event';

const typical = {
  events: [
    { type: 'page_view', url: 'https://shop.example/tv/oled-55', title: 'OLED 55"', pageType: 'product', id: 'e-1', at: '2026-03-10T10:00:00Z' },
    { type: 'product_view', sku: 'TV-OLED-55', name: 'OLED 55"', family: 'tv', price: 1299, id: 'e-2' },
    {
      type: 'cart_update',
      items: [
        { sku: 'TV-OLED-55', family: 'tv', price: 1299, quantity: 1 },
        { sku: 'HDMI-2', price: 19.9, quantity: 2 },
      ],
    },
    { type: 'search', query: 'barre de son' },
    { type: 'idle', seconds: 45 },
  ],
};
const full = { events: Array.from({ length: 50 }, (_, i) => typical.events[i % typical.events.length]) };
const rejected = { events: [...typical.events, { type: 'product_view', sku: 'A', family: 'tv', price: 'free' }, { type: 'teleport' }] };

function nsPerBatch(body: unknown, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) validateEventsBody(body); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) validateEventsBody(body);
  return Number(process.hrtime.bigint() - start) / iterations;
}

const iterations = Number(process.argv[2] ?? 200_000);
if ('errors' in validateEventsBody(typical) || !('errors' in validateEventsBody(rejected))) throw new Error('the bench batches no longer validate as expected');
for (const [name, body, n] of [
  ['typical (5 events)', typical, iterations],
  ['full (50 events)', full, iterations / 10],
  ['rejected (7 events, 2 bad)', rejected, iterations],
] as const) {
  console.log(`${name.padEnd(28)} ${nsPerBatch(body, n).toFixed(0).padStart(8)} ns/batch`);
}
