import { emptyClientInput, type ClientInput } from './client';
import { validateClientInput } from './validate-client-input';

function input(fields: Partial<ClientInput>): ClientInput {
  return { ...emptyClientInput(), email: 'jane@example.com', ...fields };
}

describe('validateClientInput', () => {
  it('normalises a good input', () => {
    const { value, violations } = validateClientInput(
      input({
        email: ' Jane@Example.com ',
        firstName: '  Jane ',
        website: 'acme.com',
        phone: '+1 (555) 010-2030 ext. 12',
        sourceUrl: 'https://acme.com/team',
        verificationStatus: 'valid',
        tags: [' vip ', 'vip', 'berlin'],
        customFields: { plan: 'pro', _source: 'csv' },
      }),
      { prefix: 'client' },
    );
    expect(violations).toEqual([]);
    expect(value).toMatchObject({
      email: 'jane@example.com',
      firstName: 'Jane',
      website: 'acme.com',
      verificationStatus: 'valid',
      tags: ['vip', 'berlin'],
      customFields: { plan: 'pro', _source: 'csv' },
    });
  });

  it('names every bad field at once', () => {
    const { violations } = validateClientInput(
      input({
        email: 'not-an-email',
        lastName: 'x'.repeat(201),
        company: 'Acme\u0000',
        phone: 'call me',
        website: 'javascript:alert(1)',
        sourceUrl: 'not a url',
        collectedAt: new Date(Date.now() + 7 * 24 * 3600_000),
        verificationStatus: 'bogus',
        tags: ['ok', '  ', 't'.repeat(65)],
        customFields: { 'bad key': 'x', '1st': 'y', fine: 'z', long: 'v'.repeat(2001) },
      }),
      { prefix: 'client' },
    );
    expect(violations.map((v) => v.field)).toEqual([
      'client.email',
      'client.last_name',
      'client.company',
      'client.phone',
      'client.website',
      'client.source_url',
      'client.collected_at',
      'client.verification_status',
      'client.tags[1]',
      'client.tags[2]',
      'client.custom_fields.bad key',
      'client.custom_fields.1st',
      'client.custom_fields.long',
    ]);
  });

  it('accepts empty optional fields and leaves an unspecified status unspecified', () => {
    const { value, violations } = validateClientInput(input({}));
    expect(violations).toEqual([]);
    expect(value.verificationStatus).toBeUndefined();
    expect(value.collectedAt).toBeNull();
  });

  it('limits tags to 50 and custom fields to 100', () => {
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`);
    const customFields = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 'v']));
    const { violations } = validateClientInput(input({ tags, customFields }));
    expect(violations.map((v) => v.field)).toEqual(['tags', 'custom_fields']);
  });

  it('keeps a __proto__ custom field as plain data', () => {
    const customFields = JSON.parse('{"__proto__": "x", "plan": "pro"}') as Record<string, string>;
    const { value } = validateClientInput(input({ customFields }));
    expect(Object.getPrototypeOf(value.customFields)).toBe(Object.prototype);
    expect(Object.keys(value.customFields)).toEqual(['__proto__', 'plan']);
  });

  it('checks only the given fields, without a prefix when none is given', () => {
    const { violations } = validateClientInput(input({ email: 'bad', website: 'not a site' }), {
      fields: ['website'],
    });
    expect(violations).toEqual([{ field: 'website', message: 'must be an http(s) URL or a domain name' }]);
  });

  it.each(['https://acme.com', 'http://www.acme.co.uk/about', 'acme.io/path?q=1'])(
    'accepts the website %s',
    (website) => {
      expect(validateClientInput(input({ website })).violations).toEqual([]);
    },
  );

  it.each(['localhost', 'ftp://acme.com', 'acme com'])('refuses the website %s', (website) => {
    expect(validateClientInput(input({ website })).violations.map((v) => v.field)).toEqual(['website']);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('names a custom field value or a name holding a NUL or a lone surrogate, once', () => {
    const { violations } = validateClientInput(
      input({ firstName: 'Ja\u0000ne', lastName: '\ud800', customFields: { plan: 'p\u0000' } }),
      { prefix: 'client' },
    );
    expect(violations.map((v) => v.field).sort()).toEqual([
      'client.custom_fields.plan',
      'client.first_name',
      'client.last_name',
    ]);
  });
});
