import { randomBytes, randomUUID } from 'node:crypto';
import { verifyClickToken, verifyOpenToken } from '@coldreach/outreach';
import { createTrackedHtml } from './tracked-html';

const secret = randomBytes(32);
const baseUrl = 'https://reach.example';
const trackedHtml = createTrackedHtml({ baseUrl, secret });
const delivery = { id: randomUUID(), workspaceId: randomUUID() };
const html =
  '<body><a href="https://shop.example/offer">offer</a> <a href="mailto:me@example.com">me</a> ' +
  `<a href="${baseUrl}/unsubscribe/abc.def">unsubscribe</a> <a href="https://docs.example/é">docs</a></body>`;

const hrefs = (body: string) => [...body.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
const tokenOf = (url: string, kind: 'o' | 'c') => url.slice(`${baseUrl}/t/${kind}/`.length);

describe('createTrackedHtml', () => {
  it('changes nothing for a delivery that tracks nothing, or an empty body', () => {
    expect(trackedHtml(html, delivery)).toBe(html);
    expect(trackedHtml(html, { ...delivery, trackOpens: false, trackClicks: false })).toBe(html);
    expect(trackedHtml('', { ...delivery, trackOpens: true, trackClicks: true })).toBe('');
  });

  it('sends web links through signed click tokens carrying their normal form, and no other link', () => {
    const body = trackedHtml(html, { ...delivery, trackClicks: true });
    const [offer, mail, unsubscribe, docs] = hrefs(body) as [string, string, string, string];
    expect({ mail, unsubscribe }).toEqual({
      mail: 'mailto:me@example.com',
      unsubscribe: `${baseUrl}/unsubscribe/abc.def`,
    });
    expect(verifyClickToken(tokenOf(offer, 'c'), secret)).toEqual({
      workspaceId: delivery.workspaceId,
      deliveryId: delivery.id,
      linkIndex: 0,
      url: 'https://shop.example/offer',
    });
    expect(verifyClickToken(tokenOf(docs, 'c'), secret)).toMatchObject({
      linkIndex: 1,
      url: 'https://docs.example/%C3%A9',
    });
    expect(body).not.toContain('<img');
  });

  it('adds a pixel with a signed open token, and leaves the links when only opens are tracked', () => {
    const body = trackedHtml(html, { ...delivery, trackOpens: true });
    const src = /<img src="([^"]*)"/.exec(body)?.[1] ?? '';
    expect(verifyOpenToken(tokenOf(src, 'o'), secret)).toEqual({
      workspaceId: delivery.workspaceId,
      deliveryId: delivery.id,
    });
    expect(body.replace(/<img[^>]*>/, '')).toBe(html);
  });
});
