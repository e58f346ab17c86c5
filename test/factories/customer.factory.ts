import type { TestApp } from '../utils/test-app';
import { unique } from '../utils/test-app';

let phoneCounter = Math.floor(Math.random() * 1_000_000);

/** A valid, unique French mobile number in national format (06 10 to 06 38: metropolitan ranges; 06 39 and 06 9x belong to overseas regions). */
export function uniquePhone(): string {
  phoneCounter = (phoneCounter + 7919) % 29_000_000;
  return `06${String(10_000_000 + phoneCounter).padStart(8, '0')}`;
}

export function buildCustomer(overrides: Record<string, unknown> = {}) {
  const id = unique();
  return { name: `Client ${id}`, email: `client.${id}@example.fr`, phone: uniquePhone(), locale: 'fr', ...overrides };
}

/** Creates a customer through the integrator API and returns the response body. */
export async function createCustomer(t: TestApp, overrides: Record<string, unknown> = {}) {
  const response = await t.http.post('/api/v1/customers').set('Authorization', t.apiAuth).send(buildCustomer(overrides)).expect(201);
  return response.body as { id: string; email: string; phone: string; identities: { kind: string; value: string }[] };
}
