import { classifyTrackingHit, minimumHumanDelayMs, type TrackingHit } from './automated-hit';

const sentAt = new Date('2026-03-02T09:00:00Z');
const later = new Date(sentAt.getTime() + 3_600_000);
const chrome =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const outlook = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; Microsoft Outlook 16.0.5422; ms-office)';
const iphoneMail =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const hit = (fields: Partial<TrackingHit>): TrackingHit => ({
  userAgent: chrome,
  remoteAddress: '203.0.113.7',
  sentAt,
  now: later,
  ...fields,
});

describe('classifyTrackingHit', () => {
  it.each([
    ['a browser an hour later', hit({}), ''],
    ['Outlook an hour later', hit({ userAgent: outlook }), ''],
    ['Apple Mail without privacy protection', hit({ userAgent: iphoneMail }), ''],
    [
      'exactly the human delay after sending',
      hit({ now: new Date(sentAt.getTime() + minimumHumanDelayMs) }),
      '',
    ],
    ['an IPv6 client', hit({ remoteAddress: '2001:db8::17' }), ''],
    ['Apple Mail Privacy Protection', hit({ userAgent: 'Mozilla/5.0' }), 'apple-mail-privacy'],
    ["an Apple proxy's address", hit({ remoteAddress: '17.58.100.1' }), 'apple-mail-privacy'],
    ['an Apple address as IPv4-mapped IPv6', hit({ remoteAddress: '::ffff:17.1.2.3' }), 'apple-mail-privacy'],
    [
      "Gmail's image proxy",
      hit({
        userAgent:
          'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
      }),
      'google-image-proxy',
    ],
    [
      "Yahoo's image proxy",
      hit({ userAgent: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy' }),
      'yahoo-image-proxy',
    ],
    ['no user agent', hit({ userAgent: '  ' }), 'no-user-agent'],
    ['a crawler', hit({ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1)' }), 'link-scanner'],
    ['a headless browser', hit({ userAgent: 'Mozilla/5.0 HeadlessChrome/120.0' }), 'link-scanner'],
    ['a script', hit({ userAgent: 'python-requests/2.31' }), 'link-scanner'],
    ['curl', hit({ userAgent: 'curl/8.5.0' }), 'link-scanner'],
    ['a mail security gateway', hit({ userAgent: 'Mozilla/5.0 Proofpoint URL Defense' }), 'link-scanner'],
    ['a chat unfurler', hit({ userAgent: 'Slackbot-LinkExpanding 1.0' }), 'link-scanner'],
    [
      'a browser seconds after sending',
      hit({ now: new Date(sentAt.getTime() + minimumHumanDelayMs - 1) }),
      'too-soon-after-delivery',
    ],
    ['a browser before the send was recorded', hit({ sentAt: null }), 'too-soon-after-delivery'],
    [
      'a browser with a clock behind the send',
      hit({ now: new Date(sentAt.getTime() - 60_000) }),
      'too-soon-after-delivery',
    ],
  ])('%s → %s', (_name, input, reason) => {
    expect(classifyTrackingHit(input)).toEqual({ automated: reason !== '', reason });
  });

  it('names the proxy rather than the timing when both apply', () => {
    expect(classifyTrackingHit(hit({ userAgent: 'Mozilla/5.0', sentAt: null })).reason).toBe(
      'apple-mail-privacy',
    );
  });
});
