/** What a sanitised text may not contain, beyond what looks like a credential. */
export interface RemoteTextOptions {
  /** Longest result, in characters (an ellipsis marks a cut). Default 500. */
  maxLength?: number;
  /**
   * The user name and password the connection signed in with: redacted plain, URL-encoded, in
   * base64 alone and as the SASL PLAIN payload (`\0user\0password`, `user\0user\0password`).
   */
  credentials?: { user: string; pass: string };
  /** Other exact values to redact (plain, URL-encoded and base64). */
  secrets?: readonly string[];
}

const redacted = '[redacted]';
const defaultMaxLength = 500;

// Control characters (C0, DEL, C1), and the invisible ones that reorder or hide text on a screen
// (bidirectional overrides and isolates, zero-width, byte order mark).
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const invisible = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

// The argument of an AUTH command (AUTH PLAIN <base64>, AUTH XOAUTH2 <token>, …), whatever follows.
const authCommand = /\b(AUTH\s+[A-Z0-9_-]+)\s+\S+/gi;
// key=value, key: value credentials (password=…, "token": "…", api_key=…), and bearer tokens.
const keyValue =
  /\b(pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|authorization)(["']?\s*[=:]\s*["']?)[^\s"',;&]+/gi;
const bearer = /\b(bearer)\s+\S+/gi;
// user:password@ or user@ in a URL.
const urlUserInfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
// The platform's own API keys.
const apiKey = /\bcrk_[A-Za-z0-9_-]+/g;
// Long hex runs (hashes, tokens) and base64 runs that look like encoded data rather than words.
const hexRun = /\b[0-9a-f]{32,}\b/gi;
const base64Run = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{8,}={0,2}(?![A-Za-z0-9+/=])/g;

/**
 * Makes text that came from a remote server (an SMTP reply now; IMAP and HTTP later) safe to store,
 * log and show: one line, no control or invisible characters, credentials redacted (AUTH payloads,
 * the connection's own user name and password in every form a server may echo, password=…, URL
 * user info, long base64/hex tokens, crk_ keys), and at most `maxLength` characters.
 */
export function sanitizeRemoteText(text: unknown, options: RemoteTextOptions = {}): string {
  const maxLength = options.maxLength ?? defaultMaxLength;
  let raw = typeof text === 'string' ? text : String(text ?? '');
  // Bounded work whatever the server sent; the last, possibly cut, word goes too, so no partial
  // secret survives the cut.
  const budget = maxLength * 4;
  if (raw.length > budget) {
    raw = raw.slice(0, budget);
    const lastWord = raw.search(/\S*$/);
    if (lastWord >= maxLength) raw = raw.slice(0, lastWord);
  }

  // Secrets first, before control characters go: a decoded PLAIN payload is joined by NULs.
  let clean = redactSecrets(raw, secretForms(options));
  clean = clean
    .replace(invisible, ' ')
    .replace(authCommand, `$1 ${redacted}`)
    .replace(urlUserInfo, `$1${redacted}@`)
    .replace(apiKey, `crk_${redacted}`)
    .replace(keyValue, `$1$2${redacted}`)
    .replace(bearer, `$1 ${redacted}`)
    .replace(hexRun, redacted)
    .replace(base64Run, (run) => (looksEncoded(run) ? redacted : run))
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}

/** A run of base64 characters that is probably data: padded, long and mixed, or decoding to binary. */
function looksEncoded(run: string): boolean {
  if (run.endsWith('=')) return run.length % 4 === 0;
  const mixed = /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9+/]/.test(run);
  if (run.length >= 16 && mixed) return true;
  if (run.length % 4 !== 0) return false;
  // A SASL PLAIN payload decodes to text in NUL-separated fields (a word decodes to binary).
  const decoded = Buffer.from(run, 'base64');
  const nuls = decoded.filter((byte) => byte === 0).length;
  return nuls >= 2 && decoded.every((byte) => byte === 0 || byte >= 0x20);
}

function secretForms(options: RemoteTextOptions): string[] {
  const values = [...(options.secrets ?? [])];
  const { credentials } = options;
  if (credentials) {
    values.push(credentials.user, credentials.pass);
    const plain = [
      `\0${credentials.user}\0${credentials.pass}`,
      `${credentials.user}\0${credentials.user}\0${credentials.pass}`,
    ];
    values.push(...plain, ...plain.map((payload) => Buffer.from(payload).toString('base64')));
  }
  const forms = values
    .filter((value) => value.length >= 3)
    .flatMap((value) => [value, encodeURIComponent(value), Buffer.from(value).toString('base64')])
    .flatMap((form) => [form, form.replace(/=+$/, '')]);
  // Longest first, so a payload is redacted whole rather than the password inside it.
  return [...new Set(forms)].filter((form) => form.length >= 3).sort((a, b) => b.length - a.length);
}

function redactSecrets(text: string, forms: readonly string[]): string {
  if (forms.length === 0) return text;
  const pattern = new RegExp(
    forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'gi',
  );
  return text.replace(pattern, redacted);
}
