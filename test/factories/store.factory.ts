import { type TestApp, unique } from '../utils/test-app';

/** Open every day, all day: bookings and requests in tests never depend on the hour they run. */
export const OPEN_ALL_WEEK = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, [['00:00', '24:00']]]));

/** Creates a store in Paris through the integrator API; `fields` override the defaults. */
export async function createStore(t: TestApp, fields: Record<string, unknown> = {}): Promise<{ id: string; code: string; name: string }> {
  const code = `S-${unique().toUpperCase()}`.slice(0, 30);
  const store = {
    code,
    name: `Store ${code}`,
    address: '1 rue Test',
    postcode: '75002',
    city: 'Paris',
    latitude: 48.86,
    longitude: 2.34,
    timeZone: 'Europe/Paris',
    openingHours: OPEN_ALL_WEEK,
    ...fields,
  };
  return (await t.http.post('/api/v1/stores').set('Authorization', t.apiAuth).send(store).expect(201)).body;
}
