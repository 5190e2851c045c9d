import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import type { Lead } from '../mapping/lead-mapping';
import { createLeadBodySchema } from '../schemas/lead-schemas';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

describe('lead CRUD through REST', () => {
  it('creates, reads, lists, updates and deletes a lead', async () => {
    const t = await h.tenant();
    const created = await h.call('POST', '/api/leads', {
      key: t.key,
      body: {
        email: '  Ada.Lovelace@Example.COM ',
        firstName: 'Ada',
        lastName: 'Lovelace',
        company: 'Analytical Engines',
        title: 'Engineer',
        phone: '+44 20 7946 0000',
        website: 'example.com',
        sourceUrl: 'https://example.com/team',
        collectedAt: '2024-05-01T09:30:00Z',
        verificationStatus: 'valid',
        tags: ['vip', 'uk'],
        customFields: { plan: 'pro' },
      },
    });
    expect(created.statusCode).toBe(201);
    const lead = created.json<Lead>();
    expect(created.headers.location).toBe(`/api/leads/${lead.id}`);
    expect(lead).toMatchObject({
      email: 'ada.lovelace@example.com',
      firstName: 'Ada',
      company: 'Analytical Engines',
      collectedAt: '2024-05-01T09:30:00.000Z',
      verificationStatus: 'valid',
      tags: ['vip', 'uk'],
      customFields: { plan: 'pro' },
    });
    expect(Date.parse(lead.createdAt)).not.toBeNaN();

    const fetched = await h.call('GET', `/api/leads/${lead.id}`, { key: t.key });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(lead);

    const listed = await h.call('GET', '/api/leads', { key: t.key });
    expect(listed.json()).toEqual({ data: [lead], nextCursor: null });

    const patched = await h.call('PATCH', `/api/leads/${lead.id}`, {
      key: t.key,
      body: { title: 'Countess', tags: ['vip'], collectedAt: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      ...lead,
      title: 'Countess',
      tags: ['vip'],
      collectedAt: null,
      updatedAt: expect.any(String),
    });
    expect(patched.json<Lead>().firstName).toBe('Ada');

    const deleted = await h.call('DELETE', `/api/leads/${lead.id}`, { key: t.key });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    const gone = await h.call('GET', `/api/leads/${lead.id}`, { key: t.key });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(await h.countLeads(t.workspaceId)).toBe(0);
  });

  it('answers 409 naming the email when it already exists (in any spelling)', async () => {
    const t = await h.tenant();
    expect(
      (await h.call('POST', '/api/leads', { key: t.key, body: { email: 'dup@example.com' } })).statusCode,
    ).toBe(201);
    const again = await h.call('POST', '/api/leads', {
      key: t.key,
      body: { email: 'DUP@example.com', firstName: 'x' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: 409, title: 'Conflict' });
    expect(again.json<{ detail: string }>().detail).toContain('dup@example.com');
    expect(await h.countLeads(t.workspaceId)).toBe(1);
  });

  it('names every bad field of a body, whether the gateway or the Client service finds it', async () => {
    const t = await h.tenant();
    const schemaErrors = await h.call('POST', '/api/leads', {
      key: t.key,
      body: {
        email: 'ok@example.com',
        nickname: 'x',
        tags: 'not-a-list-but-coerced',
        customFields: { 'bad key': 'v' },
        verificationStatus: 'great',
      },
    });
    expect(schemaErrors.statusCode).toBe(400);
    const fields = schemaErrors.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['body.nickname', 'body.customFields.bad key', 'body.verificationStatus']),
    );

    const serviceErrors = await h.call('POST', '/api/leads', {
      key: t.key,
      body: { email: 'not-an-email', phone: 'call me', website: 'nowhere' },
    });
    expect(serviceErrors.statusCode).toBe(400);
    expect(
      serviceErrors
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['body.email', 'body.phone', 'body.website']);

    const missing = await h.call('POST', '/api/leads', { key: t.key, body: {} });
    expect(missing.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'body.email', message: 'is required' }],
    });
    expect(await h.countLeads(t.workspaceId)).toBe(0);
  });

  it('refuses to change the email and to apply an empty patch', async () => {
    const t = await h.tenant();
    const lead = (
      await h.call('POST', '/api/leads', { key: t.key, body: { email: 'keep@example.com' } })
    ).json<Lead>();
    const email = await h.call('PATCH', `/api/leads/${lead.id}`, {
      key: t.key,
      body: { email: 'other@example.com', title: 'x' },
    });
    expect(email.statusCode).toBe(400);
    expect(email.json<{ detail: string }>().detail).toContain('email cannot be changed');
    expect(email.json()).toMatchObject({ errors: [{ field: 'body.email' }] });
    const empty = await h.call('PATCH', `/api/leads/${lead.id}`, { key: t.key, body: {} });
    expect(empty.statusCode).toBe(400);
    expect((await h.call('GET', `/api/leads/${lead.id}`, { key: t.key })).json()).toEqual(lead);
  });

  it.each(['GET', 'PATCH', 'DELETE'])('answers 404 to %s with an id that is not a UUID', async (method) => {
    // (A NUL is refused before any route as a 400 naming params.id: see text-guard.int-spec.ts.)
    for (const id of ['nope', '123', 'ffffffff-ffff-ffff-ffff-fffffffffffff', '%01']) {
      const response = await h.call(
        method,
        `/api/leads/${id}`,
        method === 'PATCH' ? { body: { title: 'x' } } : {},
      );
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, type: 'urn:coldreach:problem:not-found' });
    }
  });
});

// The lead schemas' limits against the Client service's own (which the gateway cannot import): a
// lead with every field at the contract's limit is accepted by the service, one character more is
// refused by the gateway, naming the field.
describe("the contract's lead limits and the Client service's", () => {
  const fields = createLeadBodySchema.properties;
  const emailAtLimit = () => {
    const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.com`;
    return `${'a'.repeat(64)}@${'d'.repeat(fields.email.maxLength - 64 - 1 - domain.length - 1)}.${domain}`;
  };
  const url = (length: number) =>
    `https://acme.example/${'p'.repeat(length - 'https://acme.example/'.length)}`;
  const atLimit = (extra: number) => ({
    firstName: 'f'.repeat(fields.firstName.maxLength + extra),
    lastName: 'l'.repeat(fields.lastName.maxLength + extra),
    company: 'c'.repeat(fields.company.maxLength + extra),
    title: 't'.repeat(fields.title.maxLength + extra),
    phone: '1'.repeat(fields.phone.maxLength + extra),
    website: url(fields.website.maxLength + extra),
    sourceUrl: url(fields.sourceUrl.maxLength + extra),
    tags: Array.from({ length: fields.tags.maxItems + extra }, (_, i) =>
      String(i).padEnd(fields.tags.items.maxLength + extra, 't'),
    ),
    customFields: Object.fromEntries(
      Array.from({ length: fields.customFields.maxProperties + extra }, (_, i) => [
        `field_${i}`,
        'v'.repeat(fields.customFields.additionalProperties.maxLength + extra),
      ]),
    ),
  });

  it('accepts every field at its limit', async () => {
    const t = await h.tenant();
    const email = emailAtLimit();
    expect(email).toHaveLength(fields.email.maxLength);
    const created = await h.call('POST', '/api/leads', { key: t.key, body: { email, ...atLimit(0) } });
    expect({ status: created.statusCode, body: created.statusCode === 201 ? '' : created.body }).toEqual({
      status: 201,
      body: '',
    });
    expect(created.json<Lead>().tags).toHaveLength(fields.tags.maxItems);
  });

  it('refuses every field one past its limit, naming each', async () => {
    const t = await h.tenant();
    const refused = await h.call('POST', '/api/leads', {
      key: t.key,
      body: { email: `x${emailAtLimit()}`, ...atLimit(1) },
    });
    expect(refused.statusCode).toBe(400);
    const named = new Set(refused.json<{ errors: { field: string }[] }>().errors.map((e) => e.field));
    for (const field of Object.keys(fields).filter((f) => f !== 'collectedAt' && f !== 'verificationStatus'))
      expect([...named].some((name) => name.startsWith(`body.${field}`))).toBe(true);
    expect(await h.countLeads(t.workspaceId)).toBe(0);
  });
});
