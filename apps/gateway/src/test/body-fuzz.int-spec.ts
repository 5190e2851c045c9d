// Property-based fuzzing of every JSON body the API takes: whatever arrives, the answer is never a
// 5xx, and a refused request changes nothing.
import fc from 'fast-check';
import type { Lead } from '../mapping/lead-mapping';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

let h: GatewayHarness;
let target: Lead;
beforeAll(async () => {
  h = await startGatewayHarness();
  target = (
    await h.call('POST', '/api/leads', {
      key: h.a.key,
      body: { email: 'target@example.com', firstName: 'Tara', tags: ['t'], customFields: { plan: 'pro' } },
    })
  ).json<Lead>();
}, 60_000);
afterAll(() => h?.close());

// fast-check prints the seed and the shrunk counterexample of a failure, to replay it.
const runs = { numRuns: 150 };

/** A body as raw text: JSON of anything, or text that is not JSON at all. */
const anyBodyText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.anything().map((value) => {
    try {
      return JSON.stringify(value) ?? 'undefined';
    } catch {
      return String(value);
    }
  }),
  fc.object().map((value) => JSON.stringify(value)),
  fc.string(),
);

const statuses = ['unverified', 'valid', 'risky', 'invalid', 'unknown'];

/** Mostly a good value, sometimes a bad one: so that both accepted and refused bodies are explored. */
const mostly = (good: fc.Arbitrary<unknown>, ...bad: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: good, weight: 9 }, ...bad.map((arbitrary) => ({ arbitrary, weight: 1 })));

/** Bodies close to valid ones: the right field names with good, bad and boundary values. */
const nearValidFields = fc
  .record(
    {
      email: mostly(fc.emailAddress(), fc.string(), fc.constant('target@example.com'), fc.integer()),
      firstName: mostly(
        fc.string({ maxLength: 40 }),
        fc.string({ minLength: 201, maxLength: 260 }),
        fc.constant(null),
      ),
      company: mostly(fc.string({ maxLength: 40 }), fc.string({ minLength: 201, maxLength: 260 })),
      phone: mostly(fc.stringMatching(/^\+?[0-9][0-9 ()-]{0,30}$/), fc.string({ maxLength: 60 })),
      website: mostly(fc.webUrl(), fc.domain(), fc.string()),
      sourceUrl: mostly(fc.webUrl(), fc.string()),
      collectedAt: mostly(
        fc
          .date({ min: new Date('2000-01-01'), max: new Date(), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc.string(),
        fc.constant(null),
      ),
      verificationStatus: mostly(fc.constantFrom(...statuses), fc.string()),
      tags: mostly(
        fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 5 }),
        fc.array(fc.string({ maxLength: 70 }), { maxLength: 60 }),
        fc.string(),
      ),
      customFields: mostly(
        fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/), fc.string({ maxLength: 50 }), {
          maxKeys: 5,
        }),
        fc.dictionary(
          fc.string({ maxLength: 70 }),
          fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.object()),
        ),
      ),
    },
    { requiredKeys: [] },
  )
  .chain((body) =>
    mostly(
      fc.constant(body),
      fc.anything().map((extra) => ({ ...body, extra })),
    ),
  );

/** For PATCH: mostly without the email, which a patch may never carry. */
const nearValidPatch = nearValidFields.chain((body) => {
  const { email: _email, ...rest } = body as Record<string, unknown>;
  return mostly(fc.constant(rest), fc.constant(body));
});

async function snapshot() {
  return {
    countA: await h.countLeads(h.a.workspaceId),
    countB: await h.countLeads(h.b.workspaceId),
    target: (await h.call('GET', `/api/leads/${target.id}`, { key: h.a.key })).body,
  };
}

async function expectSafe(method: string, url: string, payload: string) {
  const before = await snapshot();
  const response = await h.call(method, url, {
    key: h.a.key,
    body: payload,
    headers: { 'content-type': 'application/json' },
  });
  expect(response.statusCode).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: response.statusCode });
    expect(await snapshot()).toEqual(before);
  } else if (response.statusCode === 201) {
    // Undo, so later cases compare against the same state.
    expect(
      (await h.call('DELETE', `/api/leads/${response.json<Lead>().id}`, { key: h.a.key })).statusCode,
    ).toBe(204);
  } else if (method === 'PATCH') {
    target = response.json<Lead>();
  }
}

describe('fuzzing JSON bodies', () => {
  it('POST /api/leads with arbitrary bodies', async () => {
    await fc.assert(
      fc.asyncProperty(anyBodyText, (text) => expectSafe('POST', '/api/leads', text)),
      runs,
    );
  }, 120_000);

  it('POST /api/leads with near-valid bodies', async () => {
    await fc.assert(
      fc.asyncProperty(nearValidFields, (body) => expectSafe('POST', '/api/leads', JSON.stringify(body))),
      runs,
    );
  }, 120_000);

  it('PATCH /api/leads/:id with arbitrary bodies', async () => {
    await fc.assert(
      fc.asyncProperty(anyBodyText, (text) => expectSafe('PATCH', `/api/leads/${target.id}`, text)),
      runs,
    );
  }, 120_000);

  it('PATCH /api/leads/:id with near-valid bodies', async () => {
    await fc.assert(
      fc.asyncProperty(nearValidPatch, (body) =>
        expectSafe('PATCH', `/api/leads/${target.id}`, JSON.stringify(body)),
      ),
      runs,
    );
  }, 120_000);
});
