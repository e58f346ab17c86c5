import { randomUUID } from 'node:crypto';
import { TokensService } from '../../src/auth/tokens.service';
import { addDays, zonedParts, zonedTimeToInstant } from '../../src/business-hours/zoned-time';
import { loadConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { AppointmentsService } from '../../src/escalations/store-visits/appointments.service';
import { ESCALATION_JOBS, ESCALATIONS_QUEUE } from '../../src/escalations/escalations.queue';
import { JobsService } from '../../src/jobs/jobs.service';
import { createAdvisor as createAdvisorIn } from '../factories/advisor.factory';
import { createConversation } from '../factories/conversation.factory';
import { createCustomer, uniquePhone } from '../factories/customer.factory';
import { startIdentifiedVisit, startVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { eventually } from '../utils/eventually';
import { apiKeyWithScopes, loginAsAdmin, startTestApp, TestApp, unique } from '../utils/test-app';

const PARIS = 'Europe/Paris';
const HOUR = 3600_000;
const allWeek = (ranges: [string, string][]) => Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, ranges]));
const parisDate = (daysFromToday: number) => addDays(zonedParts(Date.now(), PARIS).date, daysFromToday);
const parisInstant = (daysFromToday: number, hh: number, mm = 0) => new Date(zonedTimeToInstant(parisDate(daysFromToday), hh * 60 + mm, PARIS)).toISOString();

describe('escalations: callbacks, click-to-call, store appointments and requests', () => {
  let t: TestApp;
  let siteId: string;
  let visitToken: string;
  let visitorId: string;
  let originalPhoneTeam: Record<string, unknown>;
  let phoneAdvisor: { id: string; email: string; auth: string };

  const api = (method: 'get' | 'post' | 'patch', path: string) => t.http[method](path).set('Authorization', t.apiAuth);
  const widget = (method: 'get' | 'post', path: string, token = visitToken) => t.http[method](path).set('X-Site-Key', TEST_SITE_KEY).set('Authorization', `Bearer ${token}`);
  /** A bot conversation of the visitor holding `token`. */
  const conversationOf = async (token: string, locale = 'fr') => (await widget('post', '/widget/v1/conversations', token).send({ locale }).expect(201)).body as { id: string };
  const publicWidget = (path: string) => t.http.get(path).set('X-Site-Key', TEST_SITE_KEY);

  const createAdvisor = (fields: Record<string, unknown>, presence?: 'online') => createAdvisorIn(t, fields, presence);

  async function createStore({ closures, ...fields }: Record<string, unknown> = {}) {
    const code = `T-${unique().toUpperCase()}`.slice(0, 30);
    const response = await api('post', '/api/v1/stores')
      .send({
        code,
        name: `Store ${code}`,
        address: '1 rue Test',
        postcode: '75002',
        city: 'Paris',
        latitude: 48.86,
        longitude: 2.34,
        timeZone: PARIS,
        openingHours: allWeek([['00:00', '24:00']]),
        ...fields,
      })
      .expect(201);
    // Closures are not part of the store API yet.
    if (closures) await t.dataSource.query('UPDATE store SET closures = $2 WHERE id = $1', [response.body.id, JSON.stringify(closures)]);
    return response.body as { id: string; name: string };
  }

  beforeAll(async () => {
    t = await startTestApp();
    [{ id: siteId }] = await t.dataSource.query('SELECT id FROM site WHERE site_key = $1', [TEST_SITE_KEY]);
    visitorId = `visitor-${unique()}`;
    visitToken = t.app.get(TokensService).signVisit(randomUUID(), visitorId, siteId);
    // Availability depends on who is online: start from nobody.
    await t.dataSource.query(`UPDATE advisor SET presence = 'offline'`);
    const teams = await api('get', '/api/v1/teams').expect(200);
    const phone = teams.body.items.find((team: { key: string }) => team.key === 'phone');
    originalPhoneTeam = Object.fromEntries(['name', 'timeZone', 'hours', 'closures', 'slotMinutes', 'slotCapacity', 'promiseMinutes'].map((field) => [field, phone[field]]));
    // The phone team answers 09:00-11:00 Paris time every day, one callback per 15-minute slot; closed the day after tomorrow.
    await api('patch', '/api/v1/teams/phone')
      .send({ timeZone: PARIS, hours: allWeek([['09:00', '11:00']]), closures: [parisDate(2)], slotMinutes: 15, slotCapacity: 1, promiseMinutes: 30 })
      .expect(200);
  });
  afterAll(async () => {
    // Other test files share the PostgreSQL database: leave the phone team as the migration made it.
    await api('patch', '/api/v1/teams/phone').send(originalPhoneTeam).expect(200);
    await t.close();
  });

  describe('callback slots and booking', () => {
    it('lists slots from the team hours, skipping closures, and validates the window', async () => {
      const from = parisInstant(1, 0);
      const response = await publicWidget(`/widget/v1/callback-slots?from=${encodeURIComponent(from)}&days=2`).expect(200);
      expect(response.body).toMatchObject({ timeZone: PARIS, slotMinutes: 15, nextCursor: null });
      expect(response.body.items.map((s: { start: string }) => s.start)).toEqual([0, 15, 30, 45, 60, 75, 90, 105].map((m) => parisInstant(1, 9, m)));
      expect(response.body.items[0]).toEqual({ start: parisInstant(1, 9), end: parisInstant(1, 9, 15), remaining: 1 });

      const tooMany = await publicWidget('/widget/v1/callback-slots?days=60').expect(400);
      expect(tooMany.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'days' }] });
      await publicWidget('/widget/v1/callback-slots?from=tomorrow').expect(400);
      await t.http.get('/widget/v1/callback-slots').expect(401);
      await api('patch', '/api/v1/teams/phone')
        .send({ hours: { '1': [['9:00', '25:00']] } })
        .expect(400);
      await api('patch', '/api/v1/teams/sales').send({ slotCapacity: 1 }).expect(400);
    });

    it('books a slot for an identified customer, mails the confirmation, and refuses a full, past or invalid slot', async () => {
      const customer = await createCustomer(t);
      const identified = await startIdentifiedVisit(t, customer);
      const slotStart = parisInstant(1, 9, 15);
      const booked = await widget('post', '/widget/v1/callbacks', identified.visitToken)
        .send({ phone: `0${customer.phone.slice(3)}`, slotStart, note: 'About my TV' })
        .expect(201);
      expect(booked.body).toMatchObject({
        status: 'booked',
        slotStart,
        slotEnd: parisInstant(1, 9, 30),
        promisedBy: parisInstant(1, 9, 45),
        timeZone: PARIS,
        confirmationMailed: true,
      });
      expect(booked.body.message).toContain('09:15-09:30');

      const [row] = await t.dataSource.query('SELECT phone, customer_id, status, due_at, site_id FROM callback WHERE id = $1', [booked.body.id]);
      expect(row).toMatchObject({ phone: customer.phone, customer_id: customer.id, status: 'booked', site_id: siteId });
      expect(new Date(row.due_at).toISOString()).toBe(slotStart);

      const full = await widget('post', '/widget/v1/callbacks').send({ phone: uniquePhone(), slotStart }).expect(409);
      expect(full.body).toMatchObject({ statusCode: 409, code: 'SLOT_FULL' });
      const slots = await publicWidget(`/widget/v1/callback-slots?from=${encodeURIComponent(parisInstant(1, 0))}&days=1`).expect(200);
      expect(slots.body.items.map((s: { start: string }) => s.start)).not.toContain(slotStart);

      const past = await widget('post', '/widget/v1/callbacks')
        .send({ phone: uniquePhone(), slotStart: parisInstant(-1, 9) })
        .expect(422);
      expect(past.body.code).toBe('SLOT_IN_PAST');
      expect(
        (
          await widget('post', '/widget/v1/callbacks')
            .send({ phone: uniquePhone(), slotStart: parisInstant(1, 9, 5) })
            .expect(422)
        ).body.code,
      ).toBe('NOT_A_SLOT');
      expect(
        (
          await widget('post', '/widget/v1/callbacks')
            .send({ phone: uniquePhone(), slotStart: parisInstant(1, 15) })
            .expect(422)
        ).body.code,
      ).toBe('TEAM_CLOSED');
      expect(
        (
          await widget('post', '/widget/v1/callbacks')
            .send({ phone: uniquePhone(), slotStart: parisInstant(2, 9) })
            .expect(422)
        ).body.code,
      ).toBe('TEAM_CLOSED');
      expect(
        (
          await widget('post', '/widget/v1/callbacks')
            .send({ phone: uniquePhone(), slotStart: parisInstant(20, 9) })
            .expect(422)
        ).body.code,
      ).toBe('SLOT_TOO_FAR');
      const badPhone = await widget('post', '/widget/v1/callbacks')
        .send({ phone: '12', slotStart: parisInstant(1, 10) })
        .expect(400);
      expect(badPhone.body).toMatchObject({ code: 'INVALID_PHONE', details: [{ field: 'phone' }] });
      await widget('post', '/widget/v1/callbacks').send({ phone: uniquePhone(), slotStart: 'soon' }).expect(400);
      await t.http.post('/widget/v1/callbacks').set('X-Site-Key', TEST_SITE_KEY).send({ phone: uniquePhone(), slotStart }).expect(401);

      const outbox = await api('get', `/api/v1/outbox?to=${encodeURIComponent(customer.email.toUpperCase())}`).expect(200);
      expect(outbox.body.items).toHaveLength(1);
      // Identified by a signed token: the profile's e-mail and language (the factory's customers are French) apply.
      expect(outbox.body.items[0]).toMatchObject({ kind: 'callback_confirmation', to: customer.email, status: 'stored', subject: 'Votre rappel est programmé' });
      expect(outbox.body.items[0].text).toContain('09:15-09:30 (heure de Europe/Paris)');
      const noScope = await apiKeyWithScopes(t, ['customers:read']);
      await t.http.get('/api/v1/outbox').set('Authorization', noScope).expect(403);

      const timeline = await api('get', `/api/v1/customers/${customer.id}/timeline?type=callback_booked`).expect(200);
      expect(timeline.body.items).toHaveLength(1);
    });

    it('mails the confirmation to an e-mail given with the booking when the visitor is unknown', async () => {
      const email = `visitor.${unique()}@example.fr`;
      await widget('post', '/widget/v1/callbacks')
        .send({ phone: uniquePhone(), slotStart: parisInstant(1, 10), email })
        .expect(201);
      const noEmail = await widget('post', '/widget/v1/callbacks')
        .send({ phone: uniquePhone(), slotStart: parisInstant(1, 10, 15) })
        .expect(201);
      expect(noEmail.body.confirmationMailed).toBe(false);
      const outbox = await api('get', `/api/v1/outbox?to=${encodeURIComponent(email)}`).expect(200);
      expect(outbox.body.items.map((m: { kind: string; subject: string }) => `${m.kind}: ${m.subject}`)).toEqual(['callback_confirmation: Your callback is booked']);
    });

    it("writes to the visitor in their language: the one stated, else the bot conversation's, else the profile's", async () => {
      const stated = `stated.${unique()}@example.fr`;
      const french = await widget('post', '/widget/v1/callbacks')
        .send({ phone: uniquePhone(), slotStart: parisInstant(1, 10, 30), email: stated, locale: 'fr-BE' })
        .expect(201);
      expect(french.body.message).toMatch(/^Nous vous appellerons le \S+ \d+ \S+ \d{4}, 10:30-10:45 \(heure de Europe\/Paris\)\.$/);
      const mailed = await api('get', `/api/v1/outbox?to=${encodeURIComponent(stated)}`).expect(200);
      expect(mailed.body.items[0]).toMatchObject({ subject: 'Votre rappel est programmé', text: expect.stringContaining('Bonjour,\n\nNous vous appellerons au +33') });

      // A French customer chatting in English is written to in English.
      const customer = await createCustomer(t);
      const identified = await startIdentifiedVisit(t, customer);
      const conversation = await conversationOf(identified.visitToken, 'en');
      const english = await widget('post', '/widget/v1/callbacks', identified.visitToken)
        .send({ phone: customer.phone, slotStart: parisInstant(1, 10, 45), conversationId: conversation.id })
        .expect(201);
      expect(english.body.message).toContain('We will call you on');
      const [row] = await t.dataSource.query('SELECT language FROM callback WHERE id = $1', [english.body.id]);
      expect(row.language).toBe('en');
      const tooLong = await widget('post', '/widget/v1/callbacks')
        .send({ phone: uniquePhone(), slotStart: parisInstant(1, 11, 30), locale: 'x'.repeat(40) })
        .expect(400);
      expect(tooLong.body.details[0].field).toBe('locale');
    });

    it('hands the booking request id to the assignment job, so its log lines join the request', async () => {
      const enqueue = jest.spyOn(t.app.get(JobsService), 'enqueue');
      try {
        const requestId = `req-${unique()}`;
        const booked = await widget('post', '/widget/v1/callbacks')
          .set('X-Request-Id', requestId)
          .send({ phone: uniquePhone(), slotStart: parisInstant(1, 9) })
          .expect(201);
        expect(booked.headers['x-request-id']).toBe(requestId);
        expect(enqueue).toHaveBeenCalledWith(ESCALATIONS_QUEUE, ESCALATION_JOBS.assignCallback, { callbackId: booked.body.id, attempt: 1, requestId }, expect.anything());
      } finally {
        enqueue.mockRestore();
      }
    });
  });

  describe('click-to-call and availability', () => {
    it('refuses a call with no phone advisor online, offering a callback, and availability agrees', async () => {
      const refused = await widget('post', '/widget/v1/call-requests').send({ phone: uniquePhone() }).expect(422);
      expect(refused.body).toMatchObject({ code: 'NO_PHONE_ADVISOR', details: { alternatives: { callback: { available: true } } } });
      expect(refused.body.details.alternatives.callback.nextSlot).toEqual(expect.any(String));
      const availability = await publicWidget('/widget/v1/availability').expect(200);
      expect(availability.body.call).toEqual({ open: false, reason: 'no_advisor_online' });
      expect(availability.body.callback).toMatchObject({ open: true, nextSlot: expect.any(String) });
      expect(availability.body.chat.open).toBe(false);
      const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM call_request WHERE visitor_id = $1', [visitorId]);
      expect(count).toBe(0);
    });

    it('says chat is closed while the only chat advisor has no free seat', async () => {
      const teams = await api('get', '/api/v1/teams').expect(200);
      const chatTeam = teams.body.items.find((team: { key: string }) => team.key === 'chat');
      await api('patch', '/api/v1/teams/chat')
        .send({ timeZone: PARIS, hours: allWeek([['00:00', '24:00']]), closures: [] })
        .expect(200);
      // Earlier tests of this file leave chats waiting: routing would offer one to this advisor.
      await t.dataSource.query(`UPDATE conversation SET state = 'closed', closed_at = now(), offered_to_id = NULL WHERE state = 'waiting_human'`);
      const advisor = await createAdvisor({ roles: ['chat_advisor'], channels: ['chat'], maxConcurrentChats: 1 }, 'online');
      try {
        expect((await publicWidget('/widget/v1/availability').expect(200)).body.chat).toEqual({ open: true });
        const chat = await createConversation(t.dataSource, { state: 'with_human', advisorId: advisor.id, assignedAt: new Date() });
        expect((await publicWidget('/widget/v1/availability').expect(200)).body.chat).toEqual({ open: false, reason: 'no_advisor_online', opensAt: null });
        await t.dataSource.query(`UPDATE conversation SET state = 'closed', closed_at = now() WHERE id = $1`, [chat.id]);
        expect((await publicWidget('/widget/v1/availability').expect(200)).body.chat).toEqual({ open: true });
      } finally {
        await advisor.setPresence('offline');
        await api('patch', '/api/v1/teams/chat').send({ timeZone: chatTeam.timeZone, hours: chatTeam.hours, closures: chatTeam.closures }).expect(200);
      }
    });

    it('puts a call request in the phone queue with the handoff when an advisor is online, and records the outcome', async () => {
      phoneAdvisor = await createAdvisor({ roles: ['phone_advisor'], channels: ['phone'] }, 'online');
      expect((await publicWidget('/widget/v1/availability').expect(200)).body.call).toEqual({ open: true });

      const customer = await createCustomer(t);
      const identified = await startIdentifiedVisit(t, customer);
      const { id: conversationId } = await conversationOf(identified.visitToken);
      const created = await widget('post', '/widget/v1/call-requests', identified.visitToken).send({ phone: customer.phone, conversationId }).expect(201);
      expect(created.body.status).toBe('waiting');
      const queue = await t.http.get('/console/v1/call-requests?status=waiting').set('Authorization', phoneAdvisor.auth).expect(200);
      const item = queue.body.items.find((i: { id: string }) => i.id === created.body.id);
      expect(created.body.message).toBe('Un conseiller va vous appeler dans quelques minutes.');
      expect(item).toMatchObject({ phone: customer.phone, handoff: { conversationId, language: 'fr', customer: { id: customer.id, email: customer.email } } });

      await t.http.post(`/console/v1/call-requests/${created.body.id}/take`).set('Authorization', phoneAdvisor.auth).expect(200);
      const done = await t.http
        .post(`/console/v1/call-requests/${created.body.id}/outcome`)
        .set('Authorization', phoneAdvisor.auth)
        .send({ outcome: 'reached', note: 'Explained the warranty' })
        .expect(200);
      expect(done.body).toMatchObject({ status: 'closed', outcome: 'reached', advisorId: phoneAdvisor.id });
      await t.http.post(`/console/v1/call-requests/${created.body.id}/outcome`).set('Authorization', phoneAdvisor.auth).send({ outcome: 'reached' }).expect(409);
      await t.http.post(`/console/v1/call-requests/${created.body.id}/outcome`).set('Authorization', phoneAdvisor.auth).send({ outcome: 'maybe' }).expect(400);
      const [row] = await t.dataSource.query('SELECT status, outcome, advisor_id FROM call_request WHERE id = $1', [created.body.id]);
      expect(row).toEqual({ status: 'closed', outcome: 'reached', advisor_id: phoneAdvisor.id });
    });
  });

  describe('callback jobs, outcomes and metrics', () => {
    let dueId: string;
    // Analytics are compared with what the window held before these tests: earlier tests book callbacks too.
    const window = { from: new Date(Date.now() - 3 * HOUR).toISOString(), to: new Date(Date.now() + HOUR).toISOString() };
    const report = async () => (await api('get', `/api/v1/analytics/callbacks?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`).expect(200)).body;
    let before: Awaited<ReturnType<typeof report>>;
    let lateId: string;

    it('assigns a callback that fell due while the process was down, after a restart, and flags a broken promise', async () => {
      before = await report();
      await t.close();
      // Rows written while no Relais process runs: one due 10 minutes ago, one whose promise has already passed.
      const offline = await createDataSource(loadConfig());
      await offline.initialize();
      const insert = (slotAgo: string, promisedBy: string, phone: string) =>
        offline.query(
          `INSERT INTO callback (phone, slot_start, slot_end, promised_by, status, due_at, attempts, outcome_log)
           VALUES ($1, now() - $2::interval, now() - $2::interval + interval '15 minutes', now() + $3::interval, 'booked', now() - $2::interval, 1, '[]') RETURNING id`,
          [phone, slotAgo, promisedBy],
        ) as Promise<{ id: string }[]>;
      [{ id: dueId }] = await insert('10 minutes', '20 minutes', '+33611111111');
      [{ id: lateId }] = await insert('2 hours', '-90 minutes', '+33622222222');
      await offline.destroy();

      t = await startTestApp();
      const assigned = await eventually(async () => {
        const [row] = await t.dataSource.query('SELECT status, advisor_id FROM callback WHERE id = $1', [dueId]);
        expect(row.status).toBe('assigned');
        return row;
      });
      expect(assigned.advisor_id).toBe(phoneAdvisor.id);
      const late = await eventually(async () => {
        const [row] = await t.dataSource.query('SELECT late_at FROM callback WHERE id = $1', [lateId]);
        expect(row.late_at).toBeTruthy();
        return row;
      });
      expect(late.late_at).toBeTruthy();
      const lateList = await t.http.get('/console/v1/callbacks?late=true').set('Authorization', phoneAdvisor.auth).expect(200);
      expect(lateList.body.items.map((c: { id: string }) => c.id)).toContain(lateId);
      const mine = await t.http.get('/console/v1/callbacks?status=assigned&mine=true').set('Authorization', phoneAdvisor.auth).expect(200);
      expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(dueId);
    });

    it('retries once after no answer, then closes; outcomes are refused before due and after closing', async () => {
      const auth = phoneAdvisor.auth;
      const first = await t.http.post(`/console/v1/callbacks/${dueId}/outcome`).set('Authorization', auth).send({ outcome: 'no_answer' }).expect(200);
      expect(first.body).toMatchObject({ status: 'booked', attempts: 2, advisorId: null, outcome: 'no_answer' });
      expect(new Date(first.body.dueAt).getTime()).toBeGreaterThan(Date.now() + 15 * 60_000);
      const early = await t.http.post(`/console/v1/callbacks/${dueId}/outcome`).set('Authorization', auth).send({ outcome: 'reached' }).expect(422);
      expect(early.body.code).toBe('CALLBACK_NOT_DUE');

      await t.dataSource.query(`UPDATE callback SET due_at = now() - interval '1 minute' WHERE id = $1`, [dueId]);
      await t.http.post(`/console/v1/callbacks/${dueId}/take`).set('Authorization', auth).expect(200);
      const second = await t.http.post(`/console/v1/callbacks/${dueId}/outcome`).set('Authorization', auth).send({ outcome: 'no_answer', note: 'Voicemail' }).expect(200);
      expect(second.body).toMatchObject({ status: 'closed', outcome: 'no_answer', attempts: 2 });
      expect(second.body.outcomeLog.map((e: { attempt: number; outcome: string }) => [e.attempt, e.outcome])).toEqual([
        [1, 'no_answer'],
        [2, 'no_answer'],
      ]);
      await t.http.post(`/console/v1/callbacks/${dueId}/outcome`).set('Authorization', auth).send({ outcome: 'reached' }).expect(409);

      await t.http.post(`/console/v1/callbacks/${lateId}/outcome`).set('Authorization', auth).send({ outcome: 'wrong_number' }).expect(200);
      const [row] = await t.dataSource.query('SELECT status, outcome, first_outcome_at FROM callback WHERE id = $1', [lateId]);
      expect(row).toMatchObject({ status: 'closed', outcome: 'wrong_number' });

      const storeAdvisor = await createAdvisor({ roles: ['store_advisor'], channels: ['store'], storeId: (await createStore()).id });
      await t.http.get('/console/v1/callbacks').set('Authorization', storeAdvisor.auth).expect(403);
      await t.http.post(`/console/v1/callbacks/${randomUUID()}/outcome`).set('Authorization', auth).send({ outcome: 'reached' }).expect(404);
    });

    it('reports booked, kept within promise and the outcome mix', async () => {
      const after = await report();
      const delta = (pick: (r: typeof after) => number) => pick(after) - pick(before);
      expect([delta((r) => r.booked), delta((r) => r.keptWithinPromise), delta((r) => r.late), delta((r) => r.retried)]).toEqual([2, 1, 1, 1]);
      expect([delta((r) => r.outcomes.reached), delta((r) => r.outcomes.no_answer), delta((r) => r.outcomes.wrong_number)]).toEqual([0, 1, 1]);
      if (before.booked === 0) expect(after.keptWithinPromisePercent).toBe(50);
      await api('get', `/api/v1/analytics/callbacks?from=${encodeURIComponent(window.to)}&to=${encodeURIComponent(window.from)}`).expect(400);
      await api('get', '/api/v1/analytics/callbacks').expect(400);
    });
  });

  describe('store appointments and requests', () => {
    let storeA: { id: string; name: string };
    let storeB: { id: string; name: string };
    let advisorA: { id: string; auth: string };
    let advisorB: { id: string; auth: string };

    beforeAll(async () => {
      storeA = await createStore({ closures: [parisDate(3)] });
      storeB = await createStore();
      advisorA = await createAdvisor({ roles: ['store_advisor'], channels: ['store'], skills: ['tv_audio'], storeId: storeA.id });
      advisorB = await createAdvisor({ roles: ['store_advisor'], channels: ['store'], skills: ['tv_audio'], storeId: storeB.id });
    });

    it('lists appointment slots from opening hours with an advisor of the skill, books one, and refuses taken, closed, past or unstaffed slots', async () => {
      const from = parisInstant(2, 10);
      const slots = await publicWidget(`/widget/v1/stores/${storeA.id}/appointment-slots?from=${encodeURIComponent(from)}&days=1&skill=tv_audio`).expect(200);
      expect(slots.body).toMatchObject({ storeId: storeA.id, slotMinutes: 30, timeZone: PARIS });
      expect(slots.body.items[0]).toEqual({ start: parisInstant(2, 10), end: parisInstant(2, 10, 30), remaining: 1 });
      const none = await publicWidget(`/widget/v1/stores/${storeA.id}/appointment-slots?from=${encodeURIComponent(from)}&days=1&skill=appliances`).expect(200);
      expect(none.body.items).toEqual([]);
      await publicWidget(`/widget/v1/stores/${randomUUID()}/appointment-slots`).expect(404);
      await publicWidget(`/widget/v1/stores/${storeA.id}/appointment-slots?skill=TV!`).expect(400);

      const customer = await createCustomer(t);
      const identified = await startIdentifiedVisit(t, customer);
      const slotStart = parisInstant(2, 10);
      const booked = await widget('post', '/widget/v1/appointments', identified.visitToken)
        .send({ storeId: storeA.id, slotStart, skill: 'tv_audio', email: customer.email })
        .expect(201);
      expect(booked.body).toMatchObject({ status: 'booked', storeId: storeA.id, slotStart, slotEnd: parisInstant(2, 10, 30), confirmationMailed: true });
      const [row] = await t.dataSource.query('SELECT advisor_id, customer_id, reminder_due_at FROM appointment WHERE id = $1', [booked.body.id]);
      expect(row).toMatchObject({ advisor_id: advisorA.id, customer_id: customer.id });
      expect(new Date(row.reminder_due_at).getTime()).toBe(Date.parse(slotStart) - 24 * HOUR);

      const taken = await widget('post', '/widget/v1/appointments').send({ storeId: storeA.id, slotStart, skill: 'tv_audio', phone: uniquePhone() }).expect(409);
      expect(taken.body.code).toBe('SLOT_TAKEN');
      const unstaffed = await widget('post', '/widget/v1/appointments')
        .send({ storeId: storeA.id, slotStart: parisInstant(2, 11), skill: 'appliances', phone: uniquePhone() })
        .expect(422);
      expect(unstaffed.body.code).toBe('NO_ADVISOR_WITH_SKILL');
      expect(
        (
          await widget('post', '/widget/v1/appointments')
            .send({ storeId: storeA.id, slotStart: parisInstant(3, 11), phone: uniquePhone() })
            .expect(422)
        ).body.code,
      ).toBe('STORE_CLOSED');
      expect(
        (
          await widget('post', '/widget/v1/appointments')
            .send({ storeId: storeA.id, slotStart: parisInstant(-1, 11), phone: uniquePhone() })
            .expect(422)
        ).body.code,
      ).toBe('SLOT_IN_PAST');
      expect(
        (
          await widget('post', '/widget/v1/appointments')
            .send({ storeId: storeA.id, slotStart: parisInstant(70, 11), phone: uniquePhone() })
            .expect(422)
        ).body.code,
      ).toBe('SLOT_TOO_FAR');
      expect(
        (
          await widget('post', '/widget/v1/appointments')
            .send({ storeId: storeA.id, slotStart: parisInstant(2, 11, 10), phone: uniquePhone() })
            .expect(422)
        ).body.code,
      ).toBe('NOT_A_SLOT');
      expect(
        (
          await widget('post', '/widget/v1/appointments')
            .send({ storeId: storeA.id, slotStart: parisInstant(2, 11) })
            .expect(400)
        ).body.code,
      ).toBe('CONTACT_REQUIRED');
      expect(
        (
          await widget('post', '/widget/v1/appointments')
            .send({ storeId: randomUUID(), slotStart: parisInstant(2, 11), phone: uniquePhone() })
            .expect(422)
        ).body.code,
      ).toBe('STORE_NOT_FOUND');

      const outbox = await api('get', `/api/v1/outbox?to=${encodeURIComponent(customer.email)}`).expect(200);
      expect(outbox.body.items.map((m: { kind: string }) => m.kind)).toEqual(['appointment_confirmation']);
      const timeline = await api('get', `/api/v1/customers/${customer.id}/timeline?channel=store`).expect(200);
      expect(timeline.body.items.map((i: { type: string }) => i.type)).toEqual(['appointment_booked']);

      // The store's advisor sees it and records the outcome, which lands on the timeline too; the other store's advisor does not see it.
      const list = await t.http.get('/console/v1/appointments').set('Authorization', advisorA.auth).expect(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([booked.body.id]);
      expect(list.body.items[0].handoff.customer.id).toBe(customer.id);
      expect((await t.http.get('/console/v1/appointments').set('Authorization', advisorB.auth).expect(200)).body.items).toEqual([]);
      await t.http.get(`/console/v1/appointments/${booked.body.id}`).set('Authorization', advisorB.auth).expect(404);
      await t.http.post(`/console/v1/appointments/${booked.body.id}/outcome`).set('Authorization', advisorB.auth).send({ outcome: 'attended' }).expect(404);
      await t.http
        .post(`/console/v1/appointments/${booked.body.id}/outcome`)
        .set('Authorization', advisorA.auth)
        .send({ outcome: 'attended', note: 'Bought the soundbar' })
        .expect(200);
      const after = await api('get', `/api/v1/customers/${customer.id}/timeline?channel=store`).expect(200);
      expect(after.body.items.map((i: { type: string }) => i.type)).toEqual(['appointment_attended', 'appointment_booked']);
    });

    it('sends a due day-before reminder found by the sweep, once, in the language of the booking', async () => {
      const email = `reminder.${unique()}@example.fr`;
      const frenchEmail = `rappel.${unique()}@example.fr`;
      // As if booked days ago and the process was down when the reminder fell due: only the rows know.
      const ids: string[] = [];
      for (const [address, language, hour] of [
        [email, 'en', 15],
        [frenchEmail, 'fr', 16],
      ] as const) {
        const [{ id }] = await t.dataSource.query(
          `INSERT INTO appointment (store_id, advisor_id, slot_start, slot_end, status, email, language, reminder_due_at)
           VALUES ($1, $2, $3, $3::timestamptz + interval '30 minutes', 'booked', $4, $5, now() - interval '1 minute') RETURNING id`,
          [storeB.id, advisorB.id, parisInstant(2, hour), address, language],
        );
        ids.push(id);
      }
      const appointments = t.app.get(AppointmentsService);
      await appointments.sweepReminders();
      await eventually(async () => {
        const rows = await t.dataSource.query('SELECT reminder_sent_at FROM appointment WHERE id = ANY($1)', [ids]);
        expect(rows.every((row: { reminder_sent_at: Date | null }) => row.reminder_sent_at)).toBe(true);
      });
      await appointments.sweepReminders();
      const outbox = await api('get', `/api/v1/outbox?to=${encodeURIComponent(email)}`).expect(200);
      expect(outbox.body.items.map((m: { kind: string }) => m.kind)).toEqual(['appointment_reminder']);
      expect(outbox.body.items[0].subject).toBe(`Reminder: your appointment at ${storeB.name}`);
      const french = await api('get', `/api/v1/outbox?to=${encodeURIComponent(frenchEmail)}`).expect(200);
      expect(french.body.items[0]).toMatchObject({
        subject: `Rappel : votre rendez-vous chez ${storeB.name}`,
        text: expect.stringContaining('16:00-16:30 (heure de Europe/Paris)'),
      });
    });

    it('keeps "have the store contact me" requests in their store queue, visible only to that store', async () => {
      const forA = await widget('post', '/widget/v1/store-requests')
        .send({ storeId: storeA.id, email: `a.${unique()}@example.fr`, note: 'Wall mount advice' })
        .expect(201);
      const forB = await widget('post', '/widget/v1/store-requests').send({ storeId: storeB.id, phone: uniquePhone() }).expect(201);
      await widget('post', '/widget/v1/store-requests').send({ storeId: storeB.id }).expect(400);

      const queueA = await t.http.get('/console/v1/store-requests?status=new').set('Authorization', advisorA.auth).expect(200);
      expect(queueA.body.items.map((r: { id: string }) => r.id)).toEqual([forA.body.id]);
      // Asking for another store does not widen a store advisor's view.
      const sneaky = await t.http.get(`/console/v1/store-requests?storeId=${storeB.id}`).set('Authorization', advisorA.auth).expect(200);
      expect(sneaky.body.items.map((r: { id: string }) => r.id)).toEqual([forA.body.id]);
      await t.http.get(`/console/v1/store-requests/${forB.body.id}`).set('Authorization', advisorA.auth).expect(404);
      await t.http.post(`/console/v1/store-requests/${forB.body.id}/take`).set('Authorization', advisorA.auth).expect(404);

      const taken = await t.http.post(`/console/v1/store-requests/${forA.body.id}/take`).set('Authorization', advisorA.auth).expect(200);
      expect(taken.body).toMatchObject({ status: 'taken', advisorId: advisorA.id });
      await t.http.post(`/console/v1/store-requests/${forA.body.id}/contacted`).set('Authorization', advisorA.auth).send({ note: 'Called back' }).expect(200);
      await t.http.post(`/console/v1/store-requests/${forA.body.id}/done`).set('Authorization', advisorA.auth).send({}).expect(200);
      const [row] = await t.dataSource.query('SELECT status, advisor_id FROM store_request WHERE id = $1', [forA.body.id]);
      expect(row).toEqual({ status: 'done', advisor_id: advisorA.id });

      const admin = await loginAsAdmin(t);
      const all = await t.http.get(`/console/v1/store-requests?storeId=${storeB.id}`).set('Authorization', admin).expect(200);
      expect(all.body.items.map((r: { id: string }) => r.id)).toEqual([forB.body.id]);
      await t.http.get('/console/v1/store-requests').set('Authorization', phoneAdvisor.auth).expect(403);
    });

    it('says a store is open today', async () => {
      const availability = await publicWidget('/widget/v1/availability?near=48.86,2.34').expect(200);
      expect(availability.body.store).toMatchObject({ open: true, store: { openNow: true } });
      await publicWidget('/widget/v1/availability?near=north').expect(400);
    });
  });
  describe('who a request is from', () => {
    const conversationCustomer = async (id: string) => (await t.dataSource.query('SELECT customer_id FROM conversation WHERE id = $1', [id]))[0].customer_id;

    it('does not take a visitor id for a customer: the conversation and the callback stay anonymous and nothing is mailed to the profile', async () => {
      const customer = await createCustomer(t, { locale: 'en' });
      const visitorId = `v-known-${unique()}`;
      await api('post', `/api/v1/customers/${customer.id}/identities`).send({ kind: 'web_visitor', value: visitorId }).expect(201);
      // Only the public site key and the copied visitor id.
      const visit = await startVisit(t, { visitorId });
      const conversation = await conversationOf(visit.visitToken);
      expect(await conversationCustomer(conversation.id)).toBeNull();

      const booked = await widget('post', '/widget/v1/callbacks', visit.visitToken)
        .send({ phone: uniquePhone(), slotStart: parisInstant(3, 9), conversationId: conversation.id })
        .expect(201);
      expect(booked.body.confirmationMailed).toBe(false);
      const callback = await t.http.get(`/console/v1/callbacks/${booked.body.id}`).set('Authorization', phoneAdvisor.auth).expect(200);
      expect(callback.body).toMatchObject({ email: null, handoff: { customer: null, conversationId: conversation.id } });
      expect((await api('get', `/api/v1/outbox?to=${encodeURIComponent(customer.email)}`).expect(200)).body.items).toEqual([]);
      expect((await api('get', `/api/v1/customers/${customer.id}/timeline`).expect(200)).body.items).toEqual([]);

      // The same customer identified by a token the merchant signed is recognised.
      const identified = await startIdentifiedVisit(t, customer, { visitorId });
      const theirs = await conversationOf(identified.visitToken);
      expect(await conversationCustomer(theirs.id)).toBe(customer.id);
    });

    describe('a typed contact', () => {
      let store: { id: string; name: string };
      let storeAdvisor: { id: string; auth: string };
      beforeAll(async () => {
        store = await createStore();
        storeAdvisor = await createAdvisor({ roles: ['store_advisor'], channels: ['store'], storeId: store.id });
        await t.http.put('/console/v1/me/presence').set('Authorization', phoneAdvisor.auth).send({ status: 'online' }).expect(200);
      });

      it('is kept as typed: it neither shows the profile it matches, nor writes on its timeline, nor picks its language', async () => {
        const lea = await createCustomer(t); // French
        const visit = await startVisit(t);
        const created = await widget('post', '/widget/v1/store-requests', visit.visitToken).send({ storeId: store.id, email: lea.email }).expect(201);
        expect(created.body.message).toBe(`${store.name} will contact you.`);
        const seen = await t.http.get(`/console/v1/store-requests/${created.body.id}`).set('Authorization', storeAdvisor.auth).expect(200);
        expect(seen.body).toMatchObject({ email: lea.email, handoff: { customer: null, contactMatchesProfile: true, language: 'en' } });

        const call = await widget('post', '/widget/v1/call-requests', visit.visitToken).send({ phone: lea.phone }).expect(201);
        const queue = await t.http.get('/console/v1/call-requests?status=waiting&limit=100').set('Authorization', phoneAdvisor.auth).expect(200);
        expect(queue.body.items.find((i: { id: string }) => i.id === call.body.id)).toMatchObject({ phone: lea.phone, handoff: { customer: null, contactMatchesProfile: true } });

        // A callback given only the phone is confirmed to no one: the profile's e-mail was not given.
        const booked = await widget('post', '/widget/v1/callbacks', visit.visitToken)
          .send({ phone: lea.phone, slotStart: parisInstant(3, 9, 15) })
          .expect(201);
        expect(booked.body.confirmationMailed).toBe(false);
        expect((await t.http.get(`/console/v1/callbacks/${booked.body.id}`).set('Authorization', phoneAdvisor.auth).expect(200)).body).toMatchObject({
          email: null,
          handoff: { customer: null, contactMatchesProfile: true },
        });
        expect((await api('get', `/api/v1/outbox?to=${encodeURIComponent(lea.email)}`).expect(200)).body.items).toEqual([]);
        expect((await api('get', `/api/v1/customers/${lea.id}/timeline`).expect(200)).body.items).toEqual([]);
        const rows = await t.dataSource.query(
          `SELECT customer_id FROM store_request WHERE id = $1 UNION ALL SELECT customer_id FROM call_request WHERE id = $2 UNION ALL SELECT customer_id FROM callback WHERE id = $3`,
          [created.body.id, call.body.id, booked.body.id],
        );
        expect(rows).toEqual([{ customer_id: null }, { customer_id: null }, { customer_id: null }]);
      });

      it('is linked to the profile it matches only by an advisor, deliberately and audited', async () => {
        const lea = await createCustomer(t);
        const visit = await startVisit(t);
        const matching = await widget('post', '/widget/v1/store-requests', visit.visitToken).send({ storeId: store.id, phone: lea.phone }).expect(201);
        const stranger = await widget('post', '/widget/v1/store-requests', visit.visitToken)
          .send({ storeId: store.id, email: `nobody.${unique()}@example.fr` })
          .expect(201);
        const link = (id: string, auth = storeAdvisor.auth) => t.http.post(`/console/v1/store-requests/${id}/link-profile`).set('Authorization', auth);

        expect((await t.http.get(`/console/v1/store-requests/${stranger.body.id}`).set('Authorization', storeAdvisor.auth).expect(200)).body.handoff.contactMatchesProfile).toBe(
          false,
        );
        expect((await link(stranger.body.id).expect(422)).body.code).toBe('NO_MATCHING_PROFILE');
        const otherStore = await createAdvisor({ roles: ['store_advisor'], channels: ['store'], storeId: (await createStore()).id });
        await link(matching.body.id, otherStore.auth).expect(404);
        await t.http.post(`/console/v1/store-requests/${matching.body.id}/link-profile`).set('Authorization', phoneAdvisor.auth).expect(403);

        const linked = await link(matching.body.id).expect(200);
        expect(linked.body.handoff).toMatchObject({ customer: { id: lea.id, phone: lea.phone }, contactMatchesProfile: false });
        expect((await link(matching.body.id).expect(409)).body.code).toBe('ALREADY_LINKED');
        const audit = await api('get', `/api/v1/audit?customerId=${lea.id}`).expect(200);
        expect(audit.body.items).toContainEqual(expect.objectContaining({ actorId: storeAdvisor.id, action: 'link_request', route: `store request ${matching.body.id}` }));
        // Linked, the request's later steps go on the timeline.
        await t.http.post(`/console/v1/store-requests/${matching.body.id}/cancel`).set('Authorization', storeAdvisor.auth).send({}).expect(200);
        expect((await api('get', `/api/v1/customers/${lea.id}/timeline`).expect(200)).body.items.map((i: { type: string }) => i.type)).toEqual(['store_contact_cancelled']);
      });
    });

    it("answers 404 for a conversation that is not the caller's, like an unknown one, and attaches nothing", async () => {
      const owner = await startVisit(t);
      const { id: conversationId } = await conversationOf(owner.visitToken);
      const other = await startVisit(t);
      const store = await createStore();
      await createAdvisor({ roles: ['store_advisor'], channels: ['store'], storeId: store.id });
      const attempts: [string, Record<string, unknown>][] = [
        ['/widget/v1/callbacks', { phone: uniquePhone(), slotStart: parisInstant(3, 9, 30) }],
        ['/widget/v1/call-requests', { phone: uniquePhone() }],
        ['/widget/v1/appointments', { storeId: store.id, slotStart: parisInstant(2, 10), phone: uniquePhone() }],
        ['/widget/v1/store-requests', { storeId: store.id, phone: uniquePhone() }],
      ];
      for (const [path, body] of attempts) {
        const refused = await widget('post', path, other.visitToken)
          .send({ ...body, conversationId })
          .expect(404);
        expect({ path, code: refused.body.code }).toEqual({ path, code: 'CONVERSATION_NOT_FOUND' });
        expect(
          (
            await widget('post', path, other.visitToken)
              .send({ ...body, conversationId: randomUUID() })
              .expect(404)
          ).body.code,
        ).toBe('CONVERSATION_NOT_FOUND');
      }
      const [{ count }] = await t.dataSource.query(
        `SELECT (SELECT count(*) FROM callback WHERE conversation_id = $1) + (SELECT count(*) FROM call_request WHERE conversation_id = $1)
              + (SELECT count(*) FROM appointment WHERE conversation_id = $1) + (SELECT count(*) FROM store_request WHERE conversation_id = $1) AS count`,
        [conversationId],
      );
      expect(Number(count)).toBe(0);
      // Its own visitor attaches it.
      await widget('post', '/widget/v1/callbacks', owner.visitToken)
        .send({ phone: uniquePhone(), slotStart: parisInstant(3, 9, 30), conversationId })
        .expect(201);
    });
  });
});
