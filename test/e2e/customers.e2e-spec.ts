import { buildCustomer, createCustomer, uniquePhone } from '../factories/customer.factory';
import { apiKeyWithScopes, loginAs, loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

describe('customers: the unified profile', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string) => t.http[method](path).set('Authorization', t.apiAuth);

  describe('resolve-or-create', () => {
    it('creates a profile with normalised e-mail and phone identities', async () => {
      const phone = uniquePhone();
      const spaced = phone.replace(/(\d\d)(?=\d)/g, '$1 ');
      const response = await api('post', '/api/v1/customers')
        .send({ name: 'Léa Martin', email: ` Lea.M.${unique()}@Example.FR`, phone: spaced, locale: 'fr-FR' })
        .expect(201);
      expect(response.body.email).toMatch(/^lea\.m\..*@example\.fr$/);
      expect(response.body.phone).toBe(`+33${phone.slice(1)}`);
      expect(response.body.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(['email', 'phone']);
    });

    it('treats 06.., +33.. and 0033.. as the same phone and updates instead of duplicating', async () => {
      const phone = uniquePhone();
      const created = await createCustomer(t, { phone, email: undefined, name: 'First name' });
      const international = `+33${phone.slice(1)}`;
      const spaced = `0033 ${phone.slice(1, 2)} ${phone.slice(2, 4)} ${phone.slice(4, 6)} ${phone.slice(6, 8)} ${phone.slice(8)}`;
      for (const format of [international, spaced]) {
        const again = await api('post', '/api/v1/customers')
          .send({ phone: format, tags: ['vip'] })
          .expect(200);
        expect(again.body.id).toBe(created.id);
      }
      const profile = await api('get', `/api/v1/customers/${created.id}`).expect(200);
      expect(profile.body).toMatchObject({ name: 'First name', tags: ['vip'] });
    });

    it('answers 409 naming both profiles when identities belong to two customers', async () => {
      const a = await createCustomer(t);
      const b = await createCustomer(t);
      const response = await api('post', '/api/v1/customers').send({ email: a.email, phone: b.phone }).expect(409);
      expect(response.body.code).toBe('IDENTITIES_SPLIT');
      expect(response.body.details.customerIds.sort()).toEqual([a.id, b.id].sort());
    });

    it('refuses an invalid phone or e-mail with 400 naming the field', async () => {
      const phone = await api('post', '/api/v1/customers').send({ phone: '12' }).expect(400);
      expect(phone.body).toMatchObject({ code: 'INVALID_IDENTITY', details: [{ field: 'phone' }] });
      const email = await api('post', '/api/v1/customers')
        .send({ identities: [{ kind: 'email', value: 'nope' }] })
        .expect(400);
      expect(email.body.details[0].field).toBe('email');
      const kind = await api('post', '/api/v1/customers')
        .send({ identities: [{ kind: 'passport', value: 'X' }] })
        .expect(400);
      expect(kind.body.details[0].field).toBe('identities[0].kind');
    });

    it('gives one profile for 20 parallel creates with the same phone', async () => {
      const phone = uniquePhone();
      const responses = await Promise.all(Array.from({ length: 20 }, (_, n) => api('post', '/api/v1/customers').send({ phone, attributes: { [`attempt_${n}`]: n } })));
      expect(responses.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM customer_identity WHERE kind = 'phone' AND value = $1`, [`+33${phone.slice(1)}`]);
      expect(count).toBe(1);
    });
  });

  describe('identities, updates and consent', () => {
    it('adds an identity, and refuses one that belongs to someone else with the owner id', async () => {
      const a = await createCustomer(t);
      const b = await createCustomer(t);
      const added = await api('post', `/api/v1/customers/${a.id}/identities`)
        .send({ kind: 'loyalty_card', value: `FID-${unique()}` })
        .expect(201);
      expect(added.body.identities).toHaveLength(3);
      const taken = await api('post', `/api/v1/customers/${a.id}/identities`).send({ kind: 'email', value: b.email.toUpperCase() }).expect(409);
      expect(taken.body).toMatchObject({ code: 'IDENTITY_TAKEN', details: { ownerId: b.id } });
    });

    it('shows every identity added concurrently, oldest first, in reads and lookups alike', async () => {
      const a = await createCustomer(t);
      const cards = Array.from({ length: 8 }, () => `FID-${unique()}`);
      await Promise.all(cards.map((value) => api('post', `/api/v1/customers/${a.id}/identities`).send({ kind: 'loyalty_card', value }).expect(201)));
      const read = await api('get', `/api/v1/customers/${a.id}`).expect(200);
      expect(read.body.identities.slice(0, 2)).toEqual(a.identities);
      expect(a.identities.map((i) => i.kind).sort()).toEqual(['email', 'phone']);
      expect(
        read.body.identities
          .slice(2)
          .map((i: { value: string }) => i.value)
          .sort(),
      ).toEqual([...cards].sort());
      const found = await api('get', `/api/v1/customers?identity=loyalty_card:${cards[3]}`).expect(200);
      expect(found.body.items[0].identities).toEqual(read.body.identities);
    });

    it('patches fields, merges attributes and records each consent change with its source', async () => {
      const a = await createCustomer(t);
      await api('patch', `/api/v1/customers/${a.id}`)
        .send({ attributes: { shoe_size: 38, newsletter_topic: 'tv' } })
        .expect(200);
      const patched = await api('patch', `/api/v1/customers/${a.id}`)
        .send({ attributes: { shoe_size: 39 }, consents: { marketingEmail: { granted: true }, source: 'store_form' } })
        .expect(200);
      expect(patched.body.attributes).toEqual({ shoe_size: 39, newsletter_topic: 'tv' });
      expect(patched.body.consents.marketingEmail).toMatchObject({ granted: true, source: 'store_form' });
      await api('patch', `/api/v1/customers/${a.id}`)
        .send({ consents: { marketingEmail: { granted: false } } })
        .expect(200);
      const events = await t.dataSource.query('SELECT granted, source FROM consent_event WHERE customer_id = $1 ORDER BY created_at', [a.id]);
      expect(events).toEqual([
        { granted: true, source: 'store_form' },
        { granted: false, source: expect.stringMatching(/^api:/) },
      ]);
      await api('patch', `/api/v1/customers/${a.id}`)
        .send({ attributes: { 'Bad Key': 1 } })
        .expect(400);
      await api('patch', '/api/v1/customers/00000000-0000-4000-8000-000000000000').send({ name: 'x' }).expect(404);
    });
  });

  describe('lookup and search', () => {
    it('finds a profile by e-mail in any case, phone in any format, identity and name prefix', async () => {
      const loyalty = `FID-${unique()}`;
      const surname = `Zorglub${unique()}`;
      const c = await createCustomer(t, { name: `Hélène ${surname}`, identities: [{ kind: 'loyalty_card', value: loyalty }] });
      const national = `0${c.phone.slice(3)}`;
      const queries = [
        `email=${encodeURIComponent(c.email.toUpperCase())}`,
        `phone=${encodeURIComponent(national.replace(/(\d\d)/g, '$1 ').trim())}`,
        `identity=loyalty_card:${loyalty}`,
        `q=${surname.toLowerCase().slice(0, 12)}`,
        `q=helene%20${surname.slice(0, 5)}`,
      ];
      for (const query of queries) {
        const found = await api('get', `/api/v1/customers?${query}`).expect(200);
        expect({ query, ids: found.body.items.map((i: { id: string }) => i.id) }).toEqual({ query, ids: [c.id] });
      }
      const byPhonePrefix = await api('get', `/api/v1/customers?q=${national.slice(0, 8)}`).expect(200);
      expect(byPhonePrefix.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
      await api('get', '/api/v1/customers?email=nobody-' + unique() + '@example.fr').expect(200, { items: [], nextCursor: null });
      await api('get', '/api/v1/customers?q=a').expect(400);
      await api('get', '/api/v1/customers?identity=shoe:42').expect(400);
    });

    it('answers concurrent lookups (batched together) each with its own profile, and audits each read', async () => {
      const [a, b] = await Promise.all([createCustomer(t), createCustomer(t)]);
      const national = `0${a.phone.slice(3)}`;
      const queries = [`phone=${encodeURIComponent(a.phone)}`, `email=${b.email}`, `email=nobody-${unique()}@example.fr`, `phone=${national}`, `identity=email:${b.email}`];
      const responses = await Promise.all(queries.map((query) => api('get', `/api/v1/customers?${query}`).expect(200)));
      expect(responses.map((r) => r.body.items.map((i: { id: string }) => i.id))).toEqual([[a.id], [b.id], [], [a.id], [b.id]]);
      expect(responses[0].body).toEqual({ items: [expect.objectContaining({ id: a.id, phone: a.phone, identities: expect.any(Array) })], nextCursor: null });
      for (const c of [a, b]) {
        const audit = await api('get', `/api/v1/audit?customerId=${c.id}`).expect(200);
        const lookups = audit.body.items.filter((e: { action: string }) => e.action === 'lookup');
        expect(lookups.map((e: { actorType: string; route: string }) => `${e.actorType} ${e.route}`)).toEqual(['api_key GET /api/v1/customers', 'api_key GET /api/v1/customers']);
      }
    });

    it('pages through everyone with a cursor', async () => {
      await Promise.all([createCustomer(t), createCustomer(t), createCustomer(t)]);
      const first = await api('get', '/api/v1/customers?limit=2').expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await api('get', `/api/v1/customers?limit=2&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
      await api('get', '/api/v1/customers?cursor=garbage').expect(400);
      await api('get', '/api/v1/customers?limit=1000').expect(400);
    });
  });

  describe('timeline and derived value', () => {
    it('derives lifetime value and order count from purchases and refunds, and filters the timeline', async () => {
      const c = await createCustomer(t);
      const add = (body: object) => api('post', `/api/v1/customers/${c.id}/interactions`).send(body).expect(201);
      await add({ channel: 'store', type: 'purchase', amount: 1200, occurredAt: '2026-01-10T10:00:00Z', summary: 'TV' });
      await add({ channel: 'web', type: 'purchase', amount: 99.9, occurredAt: '2026-02-10T10:00:00Z' });
      await add({ channel: 'web', type: 'refund', amount: 99.9, occurredAt: '2026-02-20T10:00:00Z' });
      await add({ channel: 'phone', type: 'call', occurredAt: '2026-03-01T10:00:00Z' });
      const profile = await api('get', `/api/v1/customers/${c.id}`).expect(200);
      expect(profile.body).toMatchObject({ lifetimeValue: 1200, orderCount: 2 });

      const web = await api('get', `/api/v1/customers/${c.id}/timeline?channel=web`).expect(200);
      expect(web.body.items.map((i: { type: string }) => i.type)).toEqual(['refund', 'purchase']);
      const page1 = await api('get', `/api/v1/customers/${c.id}/timeline?limit=3`).expect(200);
      const page2 = await api('get', `/api/v1/customers/${c.id}/timeline?limit=3&cursor=${page1.body.nextCursor}`).expect(200);
      expect([...page1.body.items, ...page2.body.items].map((i: { type: string }) => i.type)).toEqual(['call', 'refund', 'purchase', 'purchase']);
      expect(page2.body.nextCursor).toBeNull();
      const bad = await api('post', `/api/v1/customers/${c.id}/interactions`).send({ channel: 'fax', type: 'Purchase!' }).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['channel', 'type']);
    });
  });

  describe('merge and undo', () => {
    it('moves identities and interactions, hides the source, and undoes exactly that', async () => {
      const target = await createCustomer(t, { name: 'Target' });
      const source = await createCustomer(t, { name: 'Source', tags: ['newsletter'] });
      await api('post', `/api/v1/customers/${source.id}/interactions`).send({ channel: 'web', type: 'purchase', amount: 50 }).expect(201);
      const merge = await api('post', `/api/v1/customers/${target.id}/merge`).send({ sourceId: source.id }).expect(201);
      expect(merge.body).toMatchObject({ targetId: target.id, sourceId: source.id, moved: { identities: 2, interactions: 1 } });

      const gone = await api('get', `/api/v1/customers/${source.id}`).expect(404);
      expect(gone.body.details).toEqual({ mergedIntoId: target.id });
      const merged = await api('get', `/api/v1/customers/${target.id}`).expect(200);
      expect(merged.body).toMatchObject({ name: 'Target', tags: ['newsletter'], lifetimeValue: 50, orderCount: 1 });
      expect(merged.body.identities).toHaveLength(4);
      const byOldPhone = await api('get', `/api/v1/customers?phone=${encodeURIComponent(source.phone)}`).expect(200);
      expect(byOldPhone.body.items[0].id).toBe(target.id);

      await api('post', `/api/v1/customer-merges/${merge.body.mergeId}/undo`).expect(201);
      const restored = await api('get', `/api/v1/customers/${source.id}`).expect(200);
      expect(restored.body).toMatchObject({ name: 'Source', lifetimeValue: 50, orderCount: 1 });
      expect(restored.body.identities).toHaveLength(2);
      const back = await api('get', `/api/v1/customers/${target.id}`).expect(200);
      expect(back.body).toMatchObject({ tags: [], lifetimeValue: 0 });
      expect(back.body.identities).toHaveLength(2);
      await api('post', `/api/v1/customer-merges/${merge.body.mergeId}/undo`).expect(409);
    });

    it('never merges two profiles with different external ids, nor a profile into itself', async () => {
      const a = await createCustomer(t, { identities: [{ kind: 'external_id', value: `ERP-${unique()}` }] });
      const b = await createCustomer(t, { identities: [{ kind: 'external_id', value: `ERP-${unique()}` }] });
      const clash = await api('post', `/api/v1/customers/${a.id}/merge`).send({ sourceId: b.id }).expect(409);
      expect(clash.body.code).toBe('MERGE_EXTERNAL_ID_CONFLICT');
      await api('post', `/api/v1/customers/${a.id}/merge`).send({ sourceId: a.id }).expect(422);
      await api('post', `/api/v1/customers/${a.id}/merge`).send({ sourceId: '00000000-0000-4000-8000-000000000000' }).expect(404);
      await api('post', '/api/v1/customer-merges/00000000-0000-4000-8000-000000000000/undo').expect(404);
    });
  });

  describe('GDPR', () => {
    it('exports everything held on a person', async () => {
      const c = await createCustomer(t, { consents: { marketingEmail: { granted: true }, source: 'checkout' } });
      await api('post', `/api/v1/customers/${c.id}/interactions`).send({ channel: 'store', type: 'store_visit', summary: 'Tried jackets' }).expect(201);
      const exported = await api('get', `/api/v1/customers/${c.id}/export`).expect(200);
      expect(exported.body.profile.id).toBe(c.id);
      expect(exported.body.identities).toHaveLength(2);
      expect(exported.body.interactions[0].summary).toBe('Tried jackets');
      expect(exported.body.consentHistory).toHaveLength(1);
      expect(exported.body).toHaveProperty('accessLog');
    });

    it('erases personal data and identities, keeps anonymous aggregates, and frees the identities', async () => {
      const c = await createCustomer(t);
      await api('post', `/api/v1/customers/${c.id}/interactions`).send({ channel: 'web', type: 'purchase', amount: 80, summary: 'Delivered to 3 rue X' }).expect(201);
      const reader = await apiKeyWithScopes(t, ['customers:read', 'customers:write']);
      await t.http.delete(`/api/v1/customers/${c.id}`).set('Authorization', reader).expect(403);
      const erased = await api('delete', `/api/v1/customers/${c.id}`).expect(200);
      expect(erased.body.rowsErased).toMatchObject({ identities: 2, interactions: 1 });
      await api('get', `/api/v1/customers/${c.id}`).expect(404);
      const [row] = await t.dataSource.query('SELECT name, email, phone, identities, order_count, lifetime_value FROM customer WHERE id = $1', [c.id]);
      expect(row).toEqual({ name: null, email: null, phone: null, identities: [], order_count: 1, lifetime_value: '80.00' });
      const [interaction] = await t.dataSource.query('SELECT summary, amount FROM interaction WHERE customer_id = $1', [c.id]);
      expect(interaction).toEqual({ summary: null, amount: '80.00' });
      const reused = await api('post', '/api/v1/customers').send({ email: c.email }).expect(201);
      expect(reused.body.id).not.toBe(c.id);
    });
  });

  describe('advisors and audit', () => {
    it('lets any advisor look a client up in the console and audits who read which profile', async () => {
      const admin = await loginAsAdmin(t);
      const advisor = { email: `store.${unique()}@relais.test`, name: 'Phone Advisor', password: 'long-enough-password', roles: ['phone_advisor'] };
      const created = await t.http.post('/console/v1/advisors').set('Authorization', admin).send(advisor).expect(201);
      const token = await loginAs(t, advisor.email, advisor.password);
      const c = await createCustomer(t);

      const found = await t.http
        .get(`/console/v1/customers?phone=${encodeURIComponent(c.phone)}`)
        .set('Authorization', token)
        .expect(200);
      expect(found.body.items[0].id).toBe(c.id);
      await t.http.get(`/console/v1/customers/${c.id}/timeline`).set('Authorization', token).expect(200);
      await t.http.get(`/console/v1/customers/${c.id}/export`).set('Authorization', token).expect(403);
      await t.http.get(`/console/v1/customers/${c.id}`).expect(401);

      const audit = await api('get', `/api/v1/audit?customerId=${c.id}`).expect(200);
      const byAdvisor = audit.body.items.filter((e: { actorId: string }) => e.actorId === created.body.id);
      expect(byAdvisor.map((e: { action: string; route: string }) => `${e.action} ${e.route}`).sort()).toEqual([
        'lookup GET /console/v1/customers',
        'timeline GET /console/v1/customers/:id/timeline',
      ]);
      expect(audit.body.items.some((e: { actorType: string; action: string }) => e.actorType === 'api_key' && e.action === 'resolve')).toBe(true);
      const noAudit = await apiKeyWithScopes(t, ['customers:read']);
      await t.http.get('/api/v1/audit').set('Authorization', noAudit).expect(403);
      const adminView = await t.http.get(`/console/v1/audit?customerId=${c.id}`).set('Authorization', admin).expect(200);
      expect(adminView.body.items.length).toBe(audit.body.items.length + 0);
      await t.http.get('/console/v1/audit').set('Authorization', token).expect(403);
    });
  });

  it('builds valid customers in the factory', () => {
    expect(buildCustomer().phone).toMatch(/^06\d{8}$/);
  });
});
