import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  createClickToken,
  createOpenToken,
  maxTrackedUrlLength,
  trackableUrl,
  verifyClickToken,
  verifyOpenToken,
} from './tracking-token';
import { createUnsubscribeToken } from './unsubscribe-token';

const secret = randomBytes(32);
const ids = { workspaceId: randomUUID(), deliveryId: randomUUID() };
const link = { ...ids, linkIndex: 3, url: 'https://example.com/offer?a=1&b=%C3%A9#top' };

describe('open and click tokens', () => {
  it('carry their payload, are URL-safe and short', () => {
    const open = createOpenToken(ids, secret);
    const click = createClickToken(link, secret);
    expect(verifyOpenToken(open, secret)).toEqual(ids);
    expect(verifyClickToken(click, secret)).toEqual(link);
    for (const token of [open, click]) expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(open.length).toBeLessThan(100);
    expect(click.length).toBeLessThan(100 + (link.url.length * 4) / 3);
  });

  it('verify with an older secret during a rotation, and not with another secret', () => {
    const newSecret = randomBytes(32);
    const click = createClickToken(link, secret);
    expect(verifyClickToken(click, [newSecret, secret])).toEqual(link);
    expect(verifyClickToken(click, newSecret)).toBeUndefined();
    expect(verifyOpenToken(createOpenToken(ids, secret), newSecret)).toBeUndefined();
  });

  it('cannot pass for one another, nor for an unsubscribe token', () => {
    const open = createOpenToken(ids, secret);
    const click = createClickToken(link, secret);
    const unsubscribe = createUnsubscribeToken(
      { ...ids, clientId: randomUUID(), issuedAt: new Date() },
      secret,
    );
    expect(verifyClickToken(open, secret)).toBeUndefined();
    expect(verifyOpenToken(click, secret)).toBeUndefined();
    expect(verifyOpenToken(unsubscribe, secret)).toBeUndefined();
    expect(verifyClickToken(unsubscribe, secret)).toBeUndefined();
  });

  it('refuse a swapped URL, a body re-signed elsewhere, and garbage', () => {
    const click = createClickToken(link, secret);
    const [body, mac] = click.split('.') as [string, string];
    const bytes = Buffer.from(body, 'base64url');
    const swapped = Buffer.concat([bytes.subarray(0, 34), Buffer.from('https://evil.example/')]);
    expect(verifyClickToken(`${swapped.toString('base64url')}.${mac}`, secret)).toBeUndefined();
    const elsewhere = createClickToken({ ...link, url: 'https://evil.example/' }, randomBytes(32));
    expect(verifyClickToken(elsewhere, secret)).toBeUndefined();
    for (const bad of ['', '.', click.replace('.', ''), `${click}.`, ` ${click}`, 42, null, 'x'.repeat(5000)])
      expect(verifyClickToken(bad, secret)).toBeUndefined();
  });

  it('with any single character changed fail verification', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    for (const token of [createOpenToken(ids, secret), createClickToken(link, secret)]) {
      fc.assert(
        fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), (index, replacement) => {
          fc.pre(token[index] !== replacement);
          const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
          expect(verifyOpenToken(tampered, secret) ?? verifyClickToken(tampered, secret)).toBeUndefined();
        }),
        { numRuns: 1000 },
      );
    }
  });

  it('are only made for UUIDs, absolute http(s) URLs in normal form and indexes in range', () => {
    expect(() => createOpenToken({ ...ids, deliveryId: 'd' }, secret)).toThrow('deliveryId');
    expect(() => createClickToken({ ...link, url: 'javascript:alert(1)' }, secret)).toThrow('url');
    expect(() => createClickToken({ ...link, url: 'https://example.com' }, secret)).toThrow('url');
    expect(() => createClickToken({ ...link, linkIndex: -1 }, secret)).toThrow('linkIndex');
    expect(() => createOpenToken(ids, 'too-short')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});

describe('trackableUrl', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['  HTTP://Example.com/a b?é#ü ', 'http://example.com/a%20b?%C3%A9#%C3%BC'],
    ['https://exämple.com/', 'https://xn--exmple-cua.com/'],
    ['mailto:a@example.com', undefined],
    ['tel:+123', undefined],
    ['#anchor', undefined],
    ['/relative', undefined],
    ['javascript:alert(1)', undefined],
    ['https://', undefined],
    [`https://example.com/${'a'.repeat(maxTrackedUrlLength)}`, undefined],
  ])('%s → %s', (href, expected) => {
    expect(trackableUrl(href)).toBe(expected);
  });
});
