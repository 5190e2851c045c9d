/** What may be shown of an IMAP URL: where it points. The user and password never leave the seal. */
export interface ImapEndpoint {
  host: string;
  port: number;
  /** imaps:// (implicit TLS) rather than imap:// (STARTTLS, required). */
  secure: boolean;
}

export type ImapUrlParse = { ok: true; url: string; endpoint: ImapEndpoint } | { ok: false; problem: string };

const portOf = { 'imap:': 143, 'imaps:': 993 } as const;
const example = 'must be a URL like imaps://user:password@host:993 or imap://user:password@host:143';

/** Checks an IMAP URL and reads its endpoint; a problem never quotes the URL (it carries a password). */
export function parseImapUrl(raw: string): ImapUrlParse {
  const url = raw.trim();
  if (url.length > 2048) return { ok: false, problem: 'must be at most 2048 characters' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problem: example };
  }
  const scheme = parsed.protocol;
  if (scheme !== 'imap:' && scheme !== 'imaps:')
    return { ok: false, problem: `${example} (scheme imap or imaps)` };
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const problems = [
    host === '' && 'a host is required',
    !['', '/'].includes(parsed.pathname) && 'no path: the INBOX is read',
    (parsed.search !== '' || parsed.hash !== '') && 'no query or fragment',
    (parsed.username === '' || parsed.password === '') && 'a user name and a password are required',
  ].filter(Boolean);
  if (problems.length > 0) return { ok: false, problem: `${example} (${problems[0]})` };
  const port = parsed.port === '' ? portOf[scheme] : Number(parsed.port);
  return { ok: true, url, endpoint: { host, port, secure: scheme === 'imaps:' } };
}

/** The decoded login of a well-formed IMAP URL. */
export function imapLoginOf(url: string): { user: string; pass: string } {
  const parsed = new URL(url);
  return { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) };
}
