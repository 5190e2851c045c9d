import {
  createClickToken,
  createOpenToken,
  maxTrackedLinks,
  trackableUrl,
  type TokenSecret,
} from '@coldreach/outreach';
import { addTrackingMarkup } from './tracking-markup';

export interface TrackedHtmlOptions {
  /** Where the gateway serves `/t/o/:token` and `/t/c/:token` (and `/unsubscribe/:token`), no trailing slash. */
  baseUrl: string;
  /** Signs the tokens (the unsubscribe links' current secret). */
  secret: TokenSecret;
}

/** What of a delivery decides its tracking. */
export interface TrackedDelivery {
  id: string;
  workspaceId: string;
  trackOpens?: boolean;
  trackClicks?: boolean;
}

/**
 * The HTML body of a delivery as sent: with an open pixel when its campaign tracks opens, and its
 * absolute http(s) links going through the click redirect when it tracks clicks. The unsubscribe
 * link and links already pointing at the gateway stay as they are; so do mailto:, tel:, anchors and
 * relative links. Untracked deliveries and empty bodies come back unchanged.
 */
export function createTrackedHtml(options: TrackedHtmlOptions) {
  const { baseUrl, secret } = options;
  const ownPrefixes = [`${baseUrl}/unsubscribe/`, `${baseUrl}/t/`].map(
    (prefix) => trackableUrl(prefix) ?? prefix,
  );
  return (html: string, delivery: TrackedDelivery): string => {
    if (html === '' || !(delivery.trackOpens || delivery.trackClicks)) return html;
    const ids = { workspaceId: delivery.workspaceId, deliveryId: delivery.id };
    return addTrackingMarkup(html, {
      pixelUrl: delivery.trackOpens ? `${baseUrl}/t/o/${createOpenToken(ids, secret)}` : undefined,
      clickUrl: delivery.trackClicks
        ? (index, href) => {
            const url = index < maxTrackedLinks ? trackableUrl(href) : undefined;
            if (url === undefined || ownPrefixes.some((prefix) => url.startsWith(prefix))) return undefined;
            return `${baseUrl}/t/c/${createClickToken({ ...ids, linkIndex: index, url }, secret)}`;
          }
        : undefined,
    });
  };
}
