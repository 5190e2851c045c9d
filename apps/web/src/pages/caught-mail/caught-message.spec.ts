import { decodeHeaderValue, headerValue, shownHeaders, unsubscribeUrlOf } from './caught-message';

/** An encoded word as the Email service writes one: base64 of the UTF-8 bytes. */
function base64Word(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`;
}

describe('decodeHeaderValue', () => {
  it.each([
    ['plain ASCII stays as it is', 'Hello there', 'Hello there'],
    ['a base64 word', base64Word('Grüße aus Köln'), 'Grüße aus Köln'],
    [
      'words split across folded lines join without the space',
      `${base64Word('Crème ')} ${base64Word('brûlée')}`,
      'Crème brûlée',
    ],
    ['a Q word: underscores are spaces, =XX bytes', '=?utf-8?q?caf=C3=A9_au_lait?=', 'café au lait'],
    [
      'an encoded display name before an address',
      `${base64Word('Zoë')} <zoe@example.com>`,
      'Zoë <zoe@example.com>',
    ],
    ['a latin1 word', '=?ISO-8859-1?Q?Andr=E9?=', 'André'],
    ['an unknown charset stays encoded', '=?x-nothing?B?SGk=?=', '=?x-nothing?B?SGk=?='],
    ['bytes that are not UTF-8 stay encoded', '=?UTF-8?Q?=FF?=', '=?UTF-8?Q?=FF?='],
  ])('%s', (_, value, expected) => {
    expect(decodeHeaderValue(value)).toBe(expected);
  });
});

describe('unsubscribeUrlOf', () => {
  const headers = (value: string) => [
    { name: 'From', value: 'a@example.com' },
    { name: 'list-unsubscribe', value },
  ];

  it('finds the web address whatever the header name case', () => {
    expect(unsubscribeUrlOf(headers('<http://127.0.0.1:3000/unsubscribe/abc.def>'))).toBe(
      'http://127.0.0.1:3000/unsubscribe/abc.def',
    );
  });

  it('skips a mailto: entry for the web one', () => {
    expect(unsubscribeUrlOf(headers('<mailto:out@example.com>, <https://x.example/u/1>'))).toBe(
      'https://x.example/u/1',
    );
  });

  it.each([
    '<javascript:alert(1)>',
    '<data:text/html,hi>',
    '<mailto:out@example.com>',
    'https://no-brackets.example',
  ])('offers no link for %s', (value) => {
    expect(unsubscribeUrlOf(headers(value))).toBeUndefined();
  });

  it('is undefined without the header', () => {
    expect(unsubscribeUrlOf([{ name: 'Subject', value: 'Hi' }])).toBeUndefined();
  });
});

describe('shownHeaders', () => {
  it('lists the headers a mail program shows, in its order, decoded, skipping absent ones', () => {
    const lines = [
      { name: 'Message-ID', value: '<1@x>' },
      { name: 'Subject', value: base64Word('Hallo Jürgen') },
      { name: 'To', value: '<j@example.de>' },
      { name: 'From', value: 'Ann <ann@example.com>' },
      { name: 'Date', value: 'Sat, 05 Dec 2026 05:00:00 +0000' },
    ];
    expect(shownHeaders(lines)).toEqual([
      { name: 'From', value: 'Ann <ann@example.com>' },
      { name: 'To', value: '<j@example.de>' },
      { name: 'Subject', value: 'Hallo Jürgen' },
      { name: 'Date', value: 'Sat, 05 Dec 2026 05:00:00 +0000' },
    ]);
    expect(headerValue(lines, 'reply-to')).toBeUndefined();
  });
});
