import { ApiError } from '../../api/problem';
import { claimedFields, emptyScrapeForm, entriesOf, formFieldError, scrapeBodyOf } from './scrape-form';

const refusal = (errors: { field: string; message: string }[]) =>
  new ApiError({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid body', errors });

describe('the scrape form', () => {
  it('sends one seed per non-blank line and leaves empty options to the service', () => {
    const body = scrapeBodyOf({
      ...emptyScrapeForm,
      seedUrls: ' https://a.example/team \n\nhttps://b.example/\n',
      maxPages: '',
      maxDepth: '0',
    });
    expect(body).toEqual({
      seedUrls: ['https://a.example/team', 'https://b.example/'],
      scope: 'same-host',
      maxDepth: 0,
    });
  });

  it('sends allowed domains only with the listed-domains scope, and tags split on commas', () => {
    const form = {
      ...emptyScrapeForm,
      seedUrls: 'https://a.example/',
      allowedDomains: 'a.example\nb.example',
    };
    expect(scrapeBodyOf(form).allowedDomains).toBeUndefined();
    const listed = scrapeBodyOf({ ...form, scope: 'listed-domains', leadTags: 'fair, 2026\nbooth' });
    expect(listed.allowedDomains).toEqual(['a.example', 'b.example']);
    expect(listed.leadTags).toEqual(['fair', '2026', 'booth']);
    expect(listed.maxPages).toBe(100);
  });

  it('sends respectRobotsTxt only when it is turned off', () => {
    const form = { ...emptyScrapeForm, seedUrls: 'https://a.example/' };
    expect('respectRobotsTxt' in scrapeBodyOf(form)).toBe(false);
    expect(scrapeBodyOf({ ...form, respectRobotsTxt: false }).respectRobotsTxt).toBe(false);
  });

  it('sends a number as typed so the API can name what is wrong with it', () => {
    expect(scrapeBodyOf({ ...emptyScrapeForm, maxPages: '1e9' }).maxPages).toBe(1e9);
  });

  it('remembers the line of each entry, blank lines counted', () => {
    expect(entriesOf('a\n\n b \nc', false)).toEqual({ values: ['a', 'b', 'c'], lines: [1, 3, 4] });
    expect(entriesOf('x, y\nz', true)).toEqual({ values: ['x', 'y', 'z'], lines: [1, 1, 2] });
  });
});

describe('the API errors beside the fields', () => {
  const form = { ...emptyScrapeForm, seedUrls: 'https://ok.example/\n\nhttp://127.0.0.1/' };
  const error = refusal([
    { field: 'body.seedUrls[1]', message: 'is a private address' },
    { field: 'body.maxPages', message: 'must be <= 100000' },
    { field: 'body', message: 'something else' },
  ]);

  it("names the line of a refused entry, not the API's index", () => {
    expect(formFieldError(error, form, 'seedUrls')).toBe('Line 3: is a private address');
  });

  it('shows a plain field error as it is, and nothing for fields without one', () => {
    expect(formFieldError(error, form, 'maxPages')).toBe('must be <= 100000');
    expect(formFieldError(error, form, 'maxDepth')).toBeUndefined();
    expect(formFieldError(null, form, 'maxPages')).toBeUndefined();
  });

  it('keeps the message when the index is past the lines typed (the form changed since)', () => {
    expect(formFieldError(error, { ...form, seedUrls: 'https://ok.example/' }, 'seedUrls')).toBe(
      'is a private address',
    );
  });

  it('claims the fields it shows so the general message lists only the others', () => {
    expect(claimedFields(error)).toEqual(['seedUrls[1]', 'maxPages']);
    expect(error.otherFieldErrors(claimedFields(error))).toEqual([
      { field: 'body', message: 'something else' },
    ]);
  });
});
