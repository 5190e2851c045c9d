import { normalisePercentEncoding } from './percent-encoding';

/**
 * One canonical string per page, so the frontier fetches each page once. `normaliseUrl(href, base)`
 * resolves a link as a browser would (WHATWG URL: relative references, dot segments, lower-case
 * scheme and host, IDN hosts as punycode, IPv4 in every textual form as dotted decimal, default port
 * dropped, empty path as `/`) and then:
 * - answers undefined for anything but http(s) (`javascript:`, `mailto:`, `data:`, `tel:`, `ftp:`),
 *   for what does not parse, and for URLs carrying credentials (the crawler never sends them);
 * - drops the fragment (never sent to the server) and one trailing dot of the host (`example.com.`
 *   names the same host);
 * - writes percent-encoding one way (see percent-encoding.ts): `%7e` → `~`, `%2f` → `%2F`;
 * - drops `;jsessionid=…`/`;phpsessid=…` path parameters and query keys that only track the visitor
 *   or carry a session (lists below, compared case-insensitively), which would otherwise make every
 *   visit look like a new page; empty query parts (`a=1&&b=2`) and an empty `?` go too;
 * - sorts the remaining query parameters by key (stable: repeated keys keep their order, since a
 *   server may read `a=1&a=2` in order), so `?b=2&a=1` and `?a=1&b=2` are one page.
 * It does not drop `www.`, a trailing slash, `index.html` or letter case in the path: servers may
 * treat those as different pages.
 */

// Click ids and campaign parameters of ad and mail platforms; `utm_*` and `mtm_*` as prefixes.
const trackingKeys = new Set([
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'yclid',
  'ysclid',
  'igshid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'epik',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  '__hstc',
  '__hssc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'vero_conv',
  'wickedid',
  's_kwcid',
  'ef_id',
  '_openstat',
  'rb_clickid',
  'srsltid',
  'pk_campaign',
  'pk_kwd',
  'pk_source',
  'pk_medium',
  'pk_content',
]);
const trackingPrefixes = ['utm_', 'mtm_'];
// Session ids in the query (PHP, Java, ColdFusion and generic names).
const sessionKeys = new Set([
  'phpsessid',
  'jsessionid',
  'sid',
  'sessionid',
  'session_id',
  'sessid',
  'cfid',
  'cftoken',
]);
const sessionPathParameter = /;(?:jsessionid|phpsessid)=[^/;]*/gi;

function isDroppedKey(rawKey: string): boolean {
  let key = rawKey.toLowerCase();
  if (key.includes('%')) {
    try {
      key = decodeURIComponent(key);
    } catch {
      return false;
    }
  }
  return (
    trackingKeys.has(key) || sessionKeys.has(key) || trackingPrefixes.some((prefix) => key.startsWith(prefix))
  );
}

function normaliseQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept: { key: string; part: string }[] = [];
  for (const rawPart of search.slice(1).split('&')) {
    if (rawPart === '') continue;
    const part = normalisePercentEncoding(rawPart);
    const equals = part.indexOf('=');
    const key = equals < 0 ? part : part.slice(0, equals);
    if (!isDroppedKey(key)) kept.push({ key, part });
  }
  if (kept.length === 0) return '';
  kept.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return `?${kept.map((entry) => entry.part).join('&')}`;
}

function normalisePath(pathname: string): string {
  const path = pathname.includes(';') ? pathname.replace(sessionPathParameter, '') : pathname;
  return normalisePercentEncoding(path);
}

/** The canonical absolute http(s) URL `href` points to from `baseUrl`, or undefined if it is none. */
export function normaliseUrl(href: string, baseUrl?: string | URL): string | undefined {
  const url = URL.parse(href, baseUrl === undefined ? undefined : String(baseUrl));
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  const hostname = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  if (hostname === '') return undefined;
  const host = url.port === '' ? hostname : `${hostname}:${url.port}`;
  return `${url.protocol}//${host}${normalisePath(url.pathname)}${normaliseQuery(url.search)}`;
}
