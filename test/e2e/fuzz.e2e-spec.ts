import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../src/common/openapi';
import { startVisit } from '../factories/visit.factory';
import { TEST_SITE_KEY } from '../setup/test-database';
import { loginAsAdmin, startTestApp, TestApp } from '../utils/test-app';

/**
 * Every documented route gets generated bodies, queries and path parameters, with valid credentials for its audience
 * (so the input reaches validation and the handler, not just the auth guard). Whatever it is sent, Relais answers
 * below 500 and in the one error shape. CI replays a fixed seed, so a red run is reproducible and not a coin toss;
 * explore with another seed and more cases: `FUZZ_SEED=$RANDOM FUZZ_RUNS=500 npm test -- test/e2e/fuzz.e2e-spec.ts`.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Route {
  method: Method;
  path: string;
  /** Property names of the JSON body, when documented: generated bodies use them so they reach the fields' checks. */
  bodyFields: string[];
  queryFields: string[];
}

function routesOf(document: OpenAPIObject): Route[] {
  const schemas = document.components?.schemas ?? {};
  const fieldsOf = (schema: unknown): string[] => {
    const ref = (schema as { $ref?: string } | undefined)?.$ref;
    const resolved = (ref ? schemas[ref.split('/').pop()!] : schema) as { properties?: Record<string, unknown> } | undefined;
    return Object.keys(resolved?.properties ?? {});
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    METHODS.filter((method) => operations[method]).map((method) => {
      const operation = operations[method]!;
      const body = (operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.['application/json']?.schema;
      const queryFields = (operation.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'query' ? [p.name] : []));
      return { method, path, bodyFields: fieldsOf(body), queryFields };
    }),
  );
}

/** Values that have broken real servers: wrong types, huge numbers, odd strings, deep or wide structures. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    '',
    ' ',
    '0',
    'null',
    '9999-12-31T23:59:59Z',
    '0000-01-01',
    '../../etc/passwd',
    "' OR 1=1 --",
    '%00',
    '\u202e',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.uuid(),
  fc.emailAddress(),
  fc.integer(),
  fc.double(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const bodyFor = (route: Route): fc.Arbitrary<unknown> =>
  fc.oneof(
    route.bodyFields.length ? fc.dictionary(fc.constantFrom(...route.bodyFields), nastyValue, { maxKeys: route.bodyFields.length }) : fc.constant({}),
    fc.jsonValue({ maxDepth: 4 }),
  );

const queryFor = (route: Route): fc.Arbitrary<Record<string, string>> =>
  fc.dictionary(route.queryFields.length ? fc.constantFrom(...route.queryFields, 'unknown') : fc.constant('unknown'), nastyValue.map(String), { maxKeys: 4 });

const pathParameter = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('0', '-1', 'null', 'chat', '%', '..'));

describe('fuzzing every route', () => {
  let t: TestApp;
  let routes: Route[];
  const credentials: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    routes = routesOf(buildOpenApiDocument(t.app));
    const visit = await startVisit(t);
    credentials.api = { authorization: t.apiAuth };
    credentials.console = { authorization: await loginAsAdmin(t) };
    credentials.widget = { 'x-site-key': TEST_SITE_KEY, authorization: `Bearer ${visit.visitToken}` };
  });
  afterAll(() => t.close());

  it('finds the documented routes of all three audiences', () => {
    const audiences = new Set(routes.map((r) => r.path.split('/')[1]));
    expect([...audiences].sort()).toEqual(expect.arrayContaining(['api', 'console', 'widget']));
    expect(routes.length).toBeGreaterThan(80);
  });

  it('never answers 5xx, and every error has the error shape', async () => {
    const failures: string[] = [];
    for (const [index, route] of routes.entries()) {
      // Logging out the fuzzer's own session would turn the rest of its console cases into 401s.
      if (route.path === '/console/v1/auth/logout') continue;
      await fc
        .assert(
          fc.asyncProperty(fc.array(pathParameter, { minLength: 4, maxLength: 4 }), queryFor(route), bodyFor(route), async (params, query, body) => {
            let i = 0;
            const url = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[i++ % params.length]));
            const response = await t.app.inject({
              method: route.method.toUpperCase() as Uppercase<Method>,
              url,
              query,
              headers: { ...credentials[route.path.split('/')[1]], ...(route.method === 'get' || route.method === 'delete' ? {} : { 'content-type': 'application/json' }) },
              ...(route.method === 'get' ? {} : { payload: JSON.stringify(body) }),
            });
            const shaped = response.statusCode < 400 || /"code":"[A-Z_0-9]+"/.test(response.body);
            if (response.statusCode >= 500 || !shaped)
              failures.push(
                `seed ${SEED + index}: ${route.method.toUpperCase()} ${url} ${JSON.stringify(body).slice(0, 200)} -> ${response.statusCode} ${response.body.slice(0, 200)}`,
              );
            return response.statusCode < 500 && shaped;
          }),
          { numRuns: RUNS, seed: SEED + index, endOnFailure: true },
        )
        .catch(() => undefined); // collected above, so one failing route does not hide the others
    }
    expect(failures).toEqual([]);
  }, 600_000); // thousands of requests: on a busy 2-core machine this outlasts the default minute
});
