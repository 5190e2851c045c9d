import { expectLinearTime } from '@coldreach/testing';
import {
  cloudflareLinkHex,
  decodeCloudflareEmail,
  emailsFromMailto,
  emailsFromValue,
  emailsInText,
  emailsInVisibleText,
} from './email-candidates';

function collect(read: (text: string, found: (email: string) => void) => void, text: string): string[] {
  const found: string[] = [];
  read(text, (email) => found.push(email));
  return found;
}

describe('emailsInVisibleText', () => {
  it.each([
    ['Write to jane@acme.co.uk.', ['jane@acme.co.uk']],
    [
      '(jane@acme.co.uk), "bob@acme.co.uk"; <ann@acme.co.uk>',
      ['jane@acme.co.uk', 'bob@acme.co.uk', 'ann@acme.co.uk'],
    ],
    ["'jane@acme.co.uk'", ['jane@acme.co.uk']],
    ['Email:Jane.Doe@ACME.co.uk', ['jane.doe@acme.co.uk']],
    ['jane [at] acme [dot] co [dot] uk', ['jane@acme.co.uk']],
    ['jane[at]acme[dot]com', ['jane@acme.com']],
    ['jane (at) acme (dot) com', ['jane@acme.com']],
    ['jane(AT)acme(DOT)com', ['jane@acme.com']],
    ['jane {at} acme {dot} com', ['jane@acme.com']],
    ['jane <at> acme <dot> com', ['jane@acme.com']],
    ['jane [@] acme.com', ['jane@acme.com']],
    ['jane at acme dot com', ['jane@acme.com']],
    ['Jane AT acme DOT co DOT uk', ['jane@acme.co.uk']],
    ['info(at)acme-widgets.de', ['info@acme-widgets.de']],
  ])('%j → %j', (text, emails) => {
    expect(collect(emailsInVisibleText, text)).toEqual(emails);
  });

  it.each([
    'find us at acme.com', // a spelled "at" needs a spelled "dot" after it
    'meet us at the expo',
    'we will be at stand dot 12',
    'look at acme dot notatld',
    'logo@2x.png and icon@3x.webp',
    'npm i lodash@4.17.21 @babel/core@7.24.0',
    'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1',
    `${'a'.repeat(65)}@acme.com`,
    `jane@${'a'.repeat(250)}.com`,
    'a@ @b @ c@',
  ])('finds nothing in %j', (text) => {
    expect(collect(emailsInVisibleText, text)).toEqual([]);
  });

  it('reads text of every size in linear time, however many @ and obfuscation markers it holds', () => {
    const hostile = [
      'a@',
      '@a.',
      'a [at] ',
      ' at a dot ',
      'a'.repeat(30) + '@',
      '(at)(dot)',
      'x'.repeat(64) + '@' + 'y.'.repeat(40),
    ];
    for (const unit of hostile) {
      expectLinearTime((n) => collect(emailsInVisibleText, unit.repeat(n)), Math.ceil(50_000 / unit.length));
    }
  });
});

describe('emailsInText (attributes and values)', () => {
  it('reads plain addresses only: obfuscations are for visible text', () => {
    expect(collect(emailsInText, 'jane@acme.com, jane [at] acme [dot] org')).toEqual(['jane@acme.com']);
  });
});

describe('emailsFromMailto', () => {
  it.each([
    ['mailto:jane@acme.com', ['jane@acme.com']],
    ['MAILTO:Jane@Acme.com?subject=Hello&cc=bob@acme.com', ['jane@acme.com']],
    ['mailto:jane@acme.com,bob@acme.com', ['jane@acme.com', 'bob@acme.com']],
    ['mailto:%6Aane@acme.com', ['jane@acme.com']],
    ['mailto:Jane%20Doe%20%3Cjane%40acme.com%3E', ['jane@acme.com']],
    ['mailto:jane@acme.com%', ['jane@acme.com']],
    ['mailto:?subject=no%20recipient', []],
    ['mailto:you@example.com', []],
  ])('%s → %j', (href, emails) => {
    expect(collect(emailsFromMailto, href)).toEqual(emails);
  });

  it('reads a JSON-LD or microdata value written as a mailto: URL or as text', () => {
    expect(collect(emailsFromValue, ' mailto:jane@acme.com ')).toEqual(['jane@acme.com']);
    expect(collect(emailsFromValue, 'jane@acme.com')).toEqual(['jane@acme.com']);
  });
});

describe('Cloudflare email protection', () => {
  // Encoded as Cloudflare does: a key byte, then each UTF-8 byte of the address XOR the key.
  const encode = (email: string, key: number) =>
    key.toString(16).padStart(2, '0') +
    Buffer.from(email)
      .toString('hex')
      .replace(/../g, (pair) => (parseInt(pair, 16) ^ key).toString(16).padStart(2, '0'));

  it.each([0x00, 0x5a, 0xff])('decodes an address encoded with key %i', (key) => {
    expect(decodeCloudflareEmail(encode('jane.doe@acme.co.uk', key))).toBe('jane.doe@acme.co.uk');
    expect(decodeCloudflareEmail(encode('josé@bücher.de', key))).toBe('josé@bücher.de');
  });

  it('decodes the address in a protection link', () => {
    const hex = encode('jane@acme.com', 0x42);
    expect(cloudflareLinkHex(`/cdn-cgi/l/email-protection#${hex}`)).toBe(hex);
    expect(cloudflareLinkHex('/contact.html#team')).toBeUndefined();
  });

  it.each(['', 'zz', '5a2', 'not hex at all', '00'.repeat(300), encode('logo@2x.png', 7)])(
    'refuses %j',
    (hex) => {
      expect(decodeCloudflareEmail(hex)).toBeUndefined();
    },
  );
});
