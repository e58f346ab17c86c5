import { createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../src/config/app-config';
import { WebhookDeliveriesService } from '../../src/webhooks/webhook-deliveries.service';
import { WebhookSettings } from '../../src/webhooks/webhook.settings';
import { TEST_ADMIN } from '../setup/test-database';
import { HttpReceiver, waitUntil } from '../utils/http-receiver';
import { apiKeyWithScopes, startTestApp, TestApp, unique } from '../utils/test-app';

/** The receiver's check, exactly as the README documents it. */
function verifiesAsDocumented(secret: string, rawBody: string, header: string): boolean {
  const fields = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
  const expected = createHmac('sha256', secret).update(`${fields.t}.${rawBody}`).digest('hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(fields.t)) <= 300;
  return fresh && expected.length === fields.v1.length && timingSafeEqual(Buffer.from(expected), Buffer.from(fields.v1));
}

describe(`webhooks (${process.env.REDIS_URL ? 'BullMQ' : 'in-process'} jobs)`, () => {
  let t: TestApp;
  let config: AppConfig;
  let settings: WebhookSettings;
  // /flaky fails twice per event then succeeds; /down always fails; others succeed.
  const receiver = new HttpReceiver((request, seen) => {
    if (request.path === '/down') return 503;
    if (request.path === '/flaky') {
      const eventId = request.headers['x-relais-event-id'];
      return seen.filter((r) => r.headers['x-relais-event-id'] === eventId).length < 2 ? 500 : 204;
    }
    return 200;
  });
  let base: string;
  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string) => t.http[method](path).set('Authorization', t.apiAuth);

  const subscribe = async (path: string, events = ['customer.merged']) =>
    (
      await api('post', '/api/v1/webhooks')
        .send({ url: `${base}${path}`, events })
        .expect(201)
    ).body;
  const mergeTwoCustomers = async () => {
    const target = (
      await api('post', '/api/v1/customers')
        .send({ email: `t-${unique()}@example.com` })
        .expect(201)
    ).body;
    const source = (
      await api('post', '/api/v1/customers')
        .send({ email: `s-${unique()}@example.com` })
        .expect(201)
    ).body;
    return (await api('post', `/api/v1/customers/${target.id}/merge`).send({ sourceId: source.id }).expect(201)).body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    config = t.app.get(APP_CONFIG);
    settings = t.app.get(WebhookSettings);
    settings.retryBaseMs = 50;
    base = await receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  describe('refused targets and bad input', () => {
    it('refuses loopback and private receivers by default, by address and by name', async () => {
      expect(config.webhooksAllowPrivateNetworks).toBe(false);
      for (const url of [`${base}/x`, 'http://localhost:9/x', 'http://10.0.0.7/hook', 'http://[::1]:8080/', 'http://169.254.169.254/latest/meta-data']) {
        const refused = await api('post', '/api/v1/webhooks')
          .send({ url, events: ['customer.merged'] })
          .expect(400);
        expect(refused.body).toMatchObject({ statusCode: 400, code: 'WEBHOOK_URL_PRIVATE' });
      }
    });

    it('validates the body and needs the webhooks:manage scope', async () => {
      expect(
        (
          await api('post', '/api/v1/webhooks')
            .send({ url: 'ftp://example.com/x', events: ['customer.merged'] })
            .expect(400)
        ).body.code,
      ).toBe('VALIDATION_FAILED');
      await api('post', '/api/v1/webhooks')
        .send({ url: 'https://example.com/x', events: ['customer.exploded'] })
        .expect(400);
      await api('post', '/api/v1/webhooks').send({ url: 'https://example.com/x', events: [] }).expect(400);
      const readOnly = await apiKeyWithScopes(t, ['customers:read']);
      expect((await t.http.get('/api/v1/webhooks').set('Authorization', readOnly).expect(403)).body.code).toBe('MISSING_SCOPE');
      await t.http.get('/api/v1/webhooks').expect(401);
    });

    it('does not deliver to a private address even when the subscription was saved while they were allowed', async () => {
      config.webhooksAllowPrivateNetworks = true;
      const hook = await subscribe('/sneaky', ['customer.erased']);
      config.webhooksAllowPrivateNetworks = false;
      settings.maxAttempts = 1;
      try {
        const customer = (
          await api('post', '/api/v1/customers')
            .send({ email: `e-${unique()}@example.com` })
            .expect(201)
        ).body;
        await api('delete', `/api/v1/customers/${customer.id}`).expect(200);
        let delivery: { status: string; lastError: string; log: { statusCode: number | null }[] } | undefined;
        await waitUntil(async () => {
          delivery = (await api('get', `/api/v1/webhooks/${hook.id}/deliveries`).expect(200)).body.items[0];
          return delivery?.status === 'failed';
        });
        expect(delivery!.lastError).toMatch(/private or loopback/);
        expect(delivery!.log).toEqual([expect.objectContaining({ statusCode: null })]);
        expect(receiver.on('/sneaky')).toHaveLength(0);
      } finally {
        settings.maxAttempts = 8;
        await api('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
      }
    });
  });

  describe('on a receiver the instance allows (RELAIS_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true)', () => {
    beforeAll(() => {
      config.webhooksAllowPrivateNetworks = true;
    });

    it('retries a receiver that fails twice and delivers each event exactly once successfully, signed as documented', async () => {
      const hook = await subscribe('/flaky');
      expect(hook.secret).toMatch(/^whsec_/);
      const listed = (await api('get', '/api/v1/webhooks').expect(200)).body.items.find((w: { id: string }) => w.id === hook.id);
      expect(listed).toMatchObject({ url: `${base}/flaky`, events: ['customer.merged'], enabled: true });
      expect(listed.secret).toBeUndefined();

      const merges = [await mergeTwoCustomers(), await mergeTwoCustomers()];
      await waitUntil(() => receiver.on('/flaky').filter((r) => r.answered === 204).length === 2);
      // A sweep after the success finds nothing due: nothing is sent again.
      await t.app.get(WebhookDeliveriesService).enqueueDue();

      const requests = receiver.on('/flaky');
      for (const merge of merges) {
        const forEvent = requests.filter((r) => JSON.parse(r.body).data.mergeId === merge.mergeId);
        expect(forEvent.map((r) => r.answered)).toEqual([500, 500, 204]);
        expect(new Set(forEvent.map((r) => r.headers['x-relais-event-id'])).size).toBe(1);
        expect(forEvent.map((r) => r.headers['x-relais-attempt'])).toEqual(['1', '2', '3']);
        for (const r of forEvent) {
          expect(verifiesAsDocumented(hook.secret, r.body, String(r.headers['x-relais-signature']))).toBe(true);
          expect(verifiesAsDocumented('whsec_wrong', r.body, String(r.headers['x-relais-signature']))).toBe(false);
          expect(JSON.parse(r.body)).toMatchObject({
            id: r.headers['x-relais-event-id'],
            type: 'customer.merged',
            data: { customerId: merge.targetId, mergedCustomerId: merge.sourceId },
          });
        }
      }

      const deliveries = (await api('get', `/api/v1/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
      expect(deliveries).toHaveLength(2);
      for (const d of deliveries) {
        expect(d).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 204, lastError: null, eventType: 'customer.merged' });
        expect(d.log.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode])).toEqual([
          [1, 500],
          [2, 500],
          [3, 204],
        ]);
        expect(d.log[0].error).toBe('HTTP 500');
        expect(typeof d.log[2].latencyMs).toBe('number');
      }

      // Manual redelivery: the same event (same id) once more.
      const again = await api('post', `/api/v1/webhooks/${hook.id}/deliveries/${deliveries[0].id}/redeliver`).expect(202);
      expect(again.body).toMatchObject({ id: deliveries[0].id, status: 'pending' });
      await waitUntil(() => receiver.on('/flaky').length === 7);
      expect(receiver.on('/flaky')[6].headers['x-relais-event-id']).toBe(deliveries[0].eventId);
      await waitUntil(async () => (await api('get', `/api/v1/webhooks/${hook.id}/deliveries`).expect(200)).body.items.every((d: { status: string }) => d.status === 'succeeded'));
      await api('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
    });

    it('disables a subscription whose deliveries keep failing, e-mails the admin, and can be enabled again', async () => {
      Object.assign(settings, { maxAttempts: 2, disableAfterFailedDeliveries: 2 });
      try {
        const hook = await subscribe('/down');
        await mergeTwoCustomers();
        await mergeTwoCustomers();
        await waitUntil(async () => !(await api('get', '/api/v1/webhooks').expect(200)).body.items.find((w: { id: string }) => w.id === hook.id).enabled);
        const disabled = (await api('get', '/api/v1/webhooks').expect(200)).body.items.find((w: { id: string }) => w.id === hook.id);
        expect(disabled).toMatchObject({ enabled: false, consecutiveFailures: 2, disabledReason: expect.stringMatching(/2 deliveries in a row failed/) });
        expect(receiver.on('/down')).toHaveLength(4);

        const mails = (await api('get', `/api/v1/outbox?to=${TEST_ADMIN.email}`).expect(200)).body.items.filter(
          (m: { kind: string; text: string }) => m.kind === 'webhook_disabled' && m.text.includes(hook.id),
        );
        expect(mails).toHaveLength(1);
        expect(mails[0].text).toContain(`${base}/down`);

        // A disabled webhook receives nothing and cannot be redelivered to.
        await mergeTwoCustomers();
        const failed = (await api('get', `/api/v1/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
        expect(failed.map((d: { status: string }) => d.status).sort()).toEqual(['failed', 'failed']);
        expect((await api('post', `/api/v1/webhooks/${hook.id}/deliveries/${failed[0].id}/redeliver`).expect(422)).body.code).toBe('WEBHOOK_DISABLED');

        const enabled = await api('patch', `/api/v1/webhooks/${hook.id}`).send({ enabled: true }).expect(200);
        expect(enabled.body).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
      } finally {
        Object.assign(settings, { maxAttempts: 8, disableAfterFailedDeliveries: 5 });
      }
    });

    it('answers 404 for unknown webhooks and deliveries, and deletes a subscription with its log', async () => {
      const hook = await subscribe('/ok');
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await api('get', `/api/v1/webhooks/${unknown}/deliveries`).expect(404)).body.code).toBe('WEBHOOK_NOT_FOUND');
      expect((await api('post', `/api/v1/webhooks/${hook.id}/deliveries/${unknown}/redeliver`).expect(404)).body.code).toBe('DELIVERY_NOT_FOUND');
      await api('get', '/api/v1/webhooks/not-a-uuid/deliveries').expect(400);
      await api('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
      await api('delete', `/api/v1/webhooks/${hook.id}`).expect(404);
    });
  });
});
