import { normaliseUrl } from './normalise-url';

const base = 'https://example.com/a/b/c?page=1#top';

// [href, expected] resolved against `base`.
const cases: [string, string | undefined][] = [
  // Resolution, case, default ports, dot segments, fragments.
  ['HTTP://Example.COM:80/a/./b/../c#frag', 'http://example.com/a/c'],
  ['https://example.com:443', 'https://example.com/'],
  ['https://example.com:8443', 'https://example.com:8443/'],
  ['../x', 'https://example.com/a/x'],
  ['d', 'https://example.com/a/b/d'],
  ['/root', 'https://example.com/root'],
  ['//cdn.example.com/x', 'https://cdn.example.com/x'],
  ['?x=1', 'https://example.com/a/b/c?x=1'],
  ['#other', 'https://example.com/a/b/c?page=1'],
  ['', 'https://example.com/a/b/c?page=1'],
  ['  /path with space\n', 'https://example.com/path%20with%20space'],
  ['https://example.com/%2e%2e/%2E/x', 'https://example.com/x'],
  ['HTTPS://EXAMPLE.com/Path/', 'https://example.com/Path/'], // path case and trailing slash stay
  ['https://example.com./a', 'https://example.com/a'],
  // Hosts: IDN as punycode, IPv4 and IPv6 in one form.
  ['https://bücher.example/straße', 'https://xn--bcher-kva.example/stra%C3%9Fe'],
  ['http://0x7f.1/', 'http://127.0.0.1/'],
  ['http://127.1/', 'http://127.0.0.1/'],
  ['http://[0:0:0:0:0:0:0:1]:8080/', 'http://[::1]:8080/'],
  // Percent-encoding.
  ['/%7euser/%e3%83%84', 'https://example.com/~user/%E3%83%84'],
  ['/a|b^c', 'https://example.com/a%7Cb%5Ec'],
  ['/a%2fb', 'https://example.com/a%2Fb'],
  ["/?q='x'", 'https://example.com/?q=%27x%27'],
  ['/?q=a+b&q2=%7e', 'https://example.com/?q=a+b&q2=~'],
  // Query: tracking and session keys dropped (any case, even encoded), the rest sorted stably.
  ['/?b=2&a=1', 'https://example.com/?a=1&b=2'],
  ['/?a=2&b=1&a=1', 'https://example.com/?a=2&a=1&b=1'],
  ['/?utm_source=x&Utm_Medium=y&%75tm_campaign=z&id=3', 'https://example.com/?id=3'],
  ['/?gclid=1&fbclid=2&msclkid=3&dclid=4&yclid=5&igshid=6&mc_cid=7&mc_eid=8', 'https://example.com/'],
  [
    '/?_ga=1&_gl=2&_hsenc=3&_hsmi=4&mtm_source=5&pk_campaign=6&srsltid=7&keep=1',
    'https://example.com/?keep=1',
  ],
  ['/?PHPSESSID=abc&sid=9&sessionid=1&JSESSIONID=2&cftoken=3&page=2', 'https://example.com/?page=2'],
  ['/?', 'https://example.com/'],
  ['/?&&a=1&&', 'https://example.com/?a=1'],
  ['/?b=%zz&a', 'https://example.com/?a&b=%zz'],
  ['/?utm=1&sidebar=2', 'https://example.com/?sidebar=2&utm=1'], // only whole keys match
  // Session ids in the path.
  ['/a;jsessionid=ABC123?x=1', 'https://example.com/a?x=1'],
  ['/a;JSESSIONID=ABC;v=1/b', 'https://example.com/a;v=1/b'],
  ['/a;phpsessid=1', 'https://example.com/a'],
  // Not crawlable.
  ['javascript:alert(1)', undefined],
  ['mailto:someone@example.com?subject=hi', undefined],
  ['data:text/html,hi', undefined],
  ['tel:+15551234567', undefined],
  ['ftp://example.com/', undefined],
  ['https://user:secret@example.com/', undefined],
  ['https://user@example.com/', undefined],
  ['http://[::1/', undefined],
  ['http://./', undefined],
];

describe('URL normalisation', () => {
  it.each(cases)('%j → %j', (href, expected) => {
    expect(normaliseUrl(href, base)).toBe(expected);
  });

  it.each(cases.filter((entry): entry is [string, string] => entry[1] !== undefined))(
    '%j normalises to a fixed point',
    (href) => {
      const once = normaliseUrl(href, base)!;
      expect(normaliseUrl(once)).toBe(once);
    },
  );

  it('takes the base as a URL object too, and needs none for absolute URLs', () => {
    expect(normaliseUrl('x', new URL(base))).toBe('https://example.com/a/b/x');
    expect(normaliseUrl('https://example.com/')).toBe('https://example.com/');
    expect(normaliseUrl('/relative')).toBeUndefined();
  });
});
