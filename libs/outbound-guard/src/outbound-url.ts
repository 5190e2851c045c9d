/** The ports a crawler may reach unless the caller lists others: the web's usual ones. */
export const defaultAllowedPorts: readonly number[] = [80, 443, 8080, 8443];

export interface OutboundUrlOptions {
  /** Ports a URL may name (its scheme's default port counts too). Default: 80, 443, 8080, 8443. */
  allowedPorts?: readonly number[];
}

export type OutboundUrlCheck = { ok: true; url: URL; port: number } | { ok: false; problem: string };

const defaultPorts: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * The URL-level half of the outbound policy, before any lookup: only http and https, only allowed
 * ports, no credentials. The host is judged afterwards by the guard (`resolve` checks address
 * literals without DNS, names by every address they resolve to). Problems never repeat the URL, so
 * a password in it is not echoed into logs or job errors.
 */
export function checkOutboundUrl(given: string | URL, options: OutboundUrlOptions = {}): OutboundUrlCheck {
  const url = typeof given === 'string' ? URL.parse(given) : new URL(given.href);
  if (!url) return { ok: false, problem: 'not a valid URL' };
  const defaultPort = defaultPorts[url.protocol];
  if (defaultPort === undefined) {
    return { ok: false, problem: `${url.protocol} URLs are not allowed; only http and https` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: 'URLs with credentials (user:password@) are not allowed' };
  }
  if (url.hostname === '') return { ok: false, problem: 'the URL has no host' };
  // WHATWG URL drops a port equal to the scheme's default, so '' means 80 or 443.
  const port = url.port === '' ? defaultPort : Number(url.port);
  const allowedPorts = options.allowedPorts ?? defaultAllowedPorts;
  if (!allowedPorts.includes(port)) {
    return { ok: false, problem: `port ${port} is not allowed (allowed: ${allowedPorts.join(', ')})` };
  }
  return { ok: true, url, port };
}
