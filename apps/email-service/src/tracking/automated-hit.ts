/** What a tracking request showed of who made it; never stored, only the verdict is. */
export interface TrackingHit {
  userAgent: string;
  /** The client's IP address as the gateway saw it; may be empty. */
  remoteAddress: string;
  /** When the email was sent; null while its outcome is not recorded yet. */
  sentAt: Date | null;
  now: Date;
}

/** A person, or a machine and which kind (the events' `automated_reason`). */
export type HitVerdict = { automated: false; reason: '' } | { automated: true; reason: AutomatedReason };

export type AutomatedReason =
  | 'apple-mail-privacy'
  | 'google-image-proxy'
  | 'yahoo-image-proxy'
  | 'link-scanner'
  | 'no-user-agent'
  | 'too-soon-after-delivery';

/**
 * Security gateways fetch every image and follow every link of a message as it arrives, before any
 * person could have read it; ten seconds is longer than they take and shorter than a person takes.
 */
export const minimumHumanDelayMs = 10_000;

// Apple Mail Privacy Protection loads every image through Apple's proxies, which send this and
// nothing more; real browsers and mail clients always add a platform.
const appleProxyAgent = /^Mozilla\/5\.0$/;
// Apple's own network (17.0.0.0/8), where its proxies fetch from.
const appleAddress = /^(?:::ffff:)?17\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i;
const googleProxyAgent = /GoogleImageProxy|ggpht\.com/i;
const yahooProxyAgent = /YahooMailProxy/i;
// Link scanners, previewers and HTTP libraries: mail security gateways, chat unfurlers, scripts.
const scannerAgent =
  /bot\b|crawler|spider|scanner|preview|proofpoint|mimecast|barracuda|symantec|messagelabs|forcepoint|trendmicro|fireeye|sophos|ironport|safelinks|headlesschrome|phantomjs|python-requests|python-urllib|aiohttp|curl\/|wget\/|go-http-client|okhttp|java\/|libwww|httpclient|node-fetch|undici|axios/i;

/**
 * Whether an open or click was a person or a machine: known image proxies and scanners by user
 * agent or address first, then anything within minimumHumanDelayMs of the send (or before the send
 * was even recorded). Pure, so each rule is tested alone.
 */
export function classifyTrackingHit(hit: TrackingHit): HitVerdict {
  const agent = hit.userAgent.trim();
  const machine = (reason: AutomatedReason): HitVerdict => ({ automated: true, reason });
  if (appleProxyAgent.test(agent) || appleAddress.test(hit.remoteAddress.trim()))
    return machine('apple-mail-privacy');
  if (googleProxyAgent.test(agent)) return machine('google-image-proxy');
  if (yahooProxyAgent.test(agent)) return machine('yahoo-image-proxy');
  if (agent === '') return machine('no-user-agent');
  if (scannerAgent.test(agent)) return machine('link-scanner');
  if (hit.sentAt === null || hit.now.getTime() - hit.sentAt.getTime() < minimumHumanDelayMs)
    return machine('too-soon-after-delivery');
  return { automated: false, reason: '' };
}
