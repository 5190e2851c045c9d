/** What a secret is replaced with in a log line. */
export const redactedMark = '[redacted]';

// A Cold Reach API key (crk_ and 43 base64url characters), wherever it appears: in a path, a query
// value, an error message. Shorter tails are matched too, so a truncated key does not leak its start.
const apiKeyPattern = /crk(?:_|%5f)(?:[A-Za-z0-9_-]|%[0-9a-f]{2})+/gi;

// Query parameter names that carry credentials by convention (api_key, access_token, X-Amz-Signature,
// client_secret, sig…). Matched on the lower-cased, decoded name; redacting a harmless `monkey` is
// the price of never logging an `apikey2`.
const secretNamePattern =
  /key|token|pass|pwd|secret|signature|^sig$|auth|credential|session|cookie|otp|nonce|^code$|jwt|bearer/;

// Path segments that are credentials themselves: the segment after these is replaced.
const tokenPathSegments = new Set(['unsubscribe']);

/** Longest URL written to a log: a 5,000-character path is an attack, not information. */
export const maxLoggedUrlLength = 512;

// The same two rules inside free text (an error message that quotes a URL): a token path's token
// (with the open pixel's and click redirect's, `/t/o/<token>`, `/t/c/<token>`: a click token also
// carries its link, which may hold a lead's details), and the value of a credential-like query parameter.
const tokenPathInText = /(\/unsubscribe\/|\/t\/[oc]\/)[^\s/?#'"]+/gi;
const secretParameterInText = /([?&][^=&\s'"]*=)([^&#\s'"]*)/g;
// The user and password of a URL (smtp://user:pass@host, postgres://…, redis://:pass@…): greedy up to
// the authority's last `@`, so a password with an unencoded `@` goes too.
const urlCredentialsInText = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#'"<>]*@/gi;

/**
 * Replaces every Cold Reach API key, token path, URL credential and credential-like query value in
 * free text (an error message, a stack) with a mark.
 */
export function redactSecretText(text: string): string {
  return text
    .replace(urlCredentialsInText, `$1${redactedMark}@`)
    .replace(apiKeyPattern, `crk_${redactedMark}`)
    .replace(tokenPathInText, '$1[token]')
    .replace(secretParameterInText, (whole, head: string) =>
      secretNamePattern.test(safeDecode(head.slice(1, -1)).toLowerCase()) ? `${head}${redactedMark}` : whole,
    );
}

/**
 * A request URL as it may be logged: tokens in paths (`/unsubscribe/<token>`), the values of query
 * parameters whose names look like credentials, and API keys anywhere are replaced, and the result is
 * capped in length.
 */
export function redactRequestUrl(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? null : url.slice(queryStart + 1);
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    if (tokenPathSegments.has(safeDecode(segments[i - 1] ?? '').toLowerCase())) segments[i] = '[token]';
  }
  let redacted = segments.join('/');
  if (query !== null) redacted += `?${redactQuery(query)}`;
  redacted = redactSecretText(redacted);
  return redacted.length > maxLoggedUrlLength ? `${redacted.slice(0, maxLoggedUrlLength)}…` : redacted;
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      if (equals === -1 || !secretNamePattern.test(safeDecode(name).toLowerCase())) return pair;
      return `${name}=${redactedMark}`;
    })
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
