import {
  columnTarget,
  customFieldKey,
  guessColumns,
  parseColumnMapping,
  readHeader,
  splitTags,
} from './csv-columns';

describe('CSV header mapping', () => {
  it.each([
    ['email', 'email'],
    ['E-mail', 'email'],
    ['Email Address', 'email'],
    [' EMAIL ', 'email'],
    ['first_name', 'firstName'],
    ['firstName', 'firstName'],
    ['First Name', 'firstName'],
    ['last_name', 'lastName'],
    ['Surname', 'lastName'],
    ['company', 'company'],
    ['Organization', 'company'],
    ['organisation', 'company'],
    ['title', 'title'],
    ['Job Title', 'title'],
    ['phone', 'phone'],
    ['Phone Number', 'phone'],
    ['website', 'website'],
    ['URL', 'website'],
    ['source_url', 'sourceUrl'],
    ['Tags', 'tags'],
    ['collected_at', 'collectedAt'],
    ['Verification Status', 'verificationStatus'],
  ])('maps %j to %s', (header, field) => {
    expect(columnTarget(header)).toEqual({ kind: 'field', field });
  });

  it.each([
    ['Lead Score', 'lead_score'],
    ['leadScore', 'lead_score'],
    ['LinkedIn URL', 'linked_in_url'],
    ['Notes (internal)', 'notes_internal'],
    ['2024 Revenue', '_2024_revenue'],
    ['Café', 'cafe'],
    ['source', 'source'],
    ['constructor', 'constructor'],
  ])('makes other columns custom fields: %j → %s', (header, key) => {
    expect(columnTarget(header)).toEqual({ kind: 'custom', key });
  });

  it('ignores columns whose name has nothing usable, and caps keys at 64 characters', () => {
    expect(columnTarget('')).toEqual({ kind: 'ignored' });
    expect(columnTarget('???')).toEqual({ kind: 'ignored' });
    expect(customFieldKey('x'.repeat(100))).toHaveLength(64);
    expect(customFieldKey('x'.repeat(100))).toMatch(/^[a-z_][a-z0-9_]{0,63}$/);
  });

  it('needs an email column and refuses two columns for one field', () => {
    expect(readHeader(['Email', 'Name', '']).targets).toHaveLength(3);
    expect(() => readHeader(['name', 'company'])).toThrow(/email column/);
    expect(() => readHeader(['a@example.com', 'Ada'])).toThrow(/email column/);
    expect(() => readHeader(['email', 'E-mail'])).toThrow(/"email" and "E-mail" both map to email/);
    expect(() => readHeader(['email', 'Lead Score', 'lead_score'])).toThrow(/custom field lead_score/);
  });

  it('splits tags on semicolons in cells and on commas too in form fields', () => {
    expect(splitTags(' vip ; uk;;')).toEqual(['vip', 'uk']);
    expect(splitTags('a,b')).toEqual(['a,b']);
    expect(splitTags('a, b;c', /[;,]/)).toEqual(['a', 'b', 'c']);
  });
});

describe('parseColumnMapping', () => {
  it('reads fields, custom keys and ignored columns, and a header read with it keeps them', () => {
    const mapping = parseColumnMapping('["email","firstName","custom:lead_score","ignore"]');
    expect(mapping).toEqual([
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'firstName' },
      { kind: 'custom', key: 'lead_score' },
      { kind: 'ignored' },
    ]);
    expect(readHeader(['Mail', 'Given', 'Score', 'x'], mapping)).toEqual({ targets: mapping, emailIndex: 0 });
  });

  it.each([
    ['{}', /JSON array/],
    ['[]', /1 to 1000/],
    ['["email", 3]', /mapping\[1\]/],
    ['["customFields"]', /mapping\[0\]/],
    ['["custom:2x"]', /mapping\[0\]/],
    ['["custom:"]', /mapping\[0\]/],
  ])('refuses %s', (text, message) => {
    expect(() => parseColumnMapping(text)).toThrow(message);
  });
});

describe('guessColumns', () => {
  it('guesses what the import would read, making repeats custom fields or ignoring them', () => {
    expect(guessColumns(['E-mail', 'First Name', 'email', 'Lead Score', 'lead_score', '???'])).toEqual([
      { target: 'email', customKey: 'e_mail' },
      { target: 'firstName', customKey: 'first_name' },
      { target: 'custom:email', customKey: 'email' },
      { target: 'custom:lead_score', customKey: 'lead_score' },
      { target: 'ignore', customKey: 'lead_score' },
      { target: 'ignore', customKey: '' },
    ]);
    const header = ['Email', 'Company', 'Notes'];
    const mapping = parseColumnMapping(JSON.stringify(guessColumns(header).map((c) => c.target)));
    expect(readHeader(header, mapping)).toEqual(readHeader(header));
  });
});
