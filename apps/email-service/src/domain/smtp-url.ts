/** What may be shown of an SMTP URL: where it points and whether it carries credentials. */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** smtps:// (implicit TLS) rather than smtp:// (STARTTLS). */
  secure: boolean;
  hasCredentials: boolean;
}

export type SmtpUrlParse = { ok: true; url: string; endpoint: SmtpEndpoint } | { ok: false; problem: string };

const maxUrlLength = 2048;
const defaultPorts = { 'smtp:': 587, 'smtps:': 465 } as const;
const shape = 'must be a URL like smtp://user:password@host:587 or smtps://user:password@host:465';

/**
 * Checks an SMTP URL and reads its endpoint. Problems never quote the URL: it carries a password.
 */
export function parseSmtpUrl(raw: string): SmtpUrlParse {
  const url = raw.trim();
  if (url.length > maxUrlLength) return { ok: false, problem: `must be at most ${maxUrlLength} characters` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problem: shape };
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    return { ok: false, problem: `${shape} (the scheme must be smtp or smtps)` };
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === '') return { ok: false, problem: `${shape} (a host is required)` };
  if (parsed.pathname !== '' && parsed.pathname !== '/') return { ok: false, problem: `${shape} (no path)` };
  // nodemailer reads transport options from the query (a proxy, a local address, TLS checks off):
  // a tenant's URL says where to connect and as whom, nothing else.
  if (parsed.search !== '' || parsed.hash !== '')
    return { ok: false, problem: `${shape} (no query or fragment)` };
  if ((parsed.username === '') !== (parsed.password === '')) {
    return { ok: false, problem: 'must carry both a user name and a password, or neither' };
  }
  return {
    ok: true,
    url,
    endpoint: {
      host,
      port: parsed.port === '' ? defaultPorts[parsed.protocol] : Number(parsed.port),
      secure: parsed.protocol === 'smtps:',
      hasCredentials: parsed.username !== '',
    },
  };
}

/** The user name and password of a well-formed SMTP URL, decoded; undefined when it has none. */
export function smtpCredentialsOf(url: string): { user: string; pass: string } | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.username === '') return undefined;
    return { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) };
  } catch {
    return undefined;
  }
}
