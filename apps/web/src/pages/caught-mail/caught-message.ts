import type { components } from '../../gen/api-schema';

export type CaughtMessage = components['schemas']['CaughtMessage'];
export type HeaderLine = CaughtMessage['headers'][number];

// An RFC 2047 encoded word: =?charset?B|Q?text?= (the charset may carry a *language suffix).
const encodedWord = /=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g;
// Whitespace between two encoded words is not part of the text (RFC 2047 6.2).
const betweenWords = /(\?=)\s+(?==\?)/g;

/**
 * A header value as a person reads it: encoded words (how the Email service writes a subject or a
 * display name that is not plain ASCII) decoded; a word that cannot be decoded stays as it is.
 */
export function decodeHeaderValue(value: string): string {
  return value
    .replace(betweenWords, '$1')
    .replace(encodedWord, (word, charset: string, kind: string, text: string) => {
      try {
        const bytes = kind.toUpperCase() === 'B' ? base64Bytes(text) : qBytes(text);
        return new TextDecoder(charset, { fatal: true }).decode(bytes);
      } catch {
        return word;
      }
    });
}

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/** The Q encoding: "_" is a space, "=XX" a byte, anything else itself. */
function qBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '_') bytes.push(0x20);
    else if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(char.charCodeAt(0));
  }
  return Uint8Array.from(bytes);
}

/** The first header of that name (names are case-insensitive), decoded; undefined when absent. */
export function headerValue(headers: readonly HeaderLine[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  const line = headers.find((header) => header.name.toLowerCase() === wanted);
  return line === undefined ? undefined : decodeHeaderValue(line.value);
}

/**
 * The web address of List-Unsubscribe (RFC 2369: a list of <URI>s, mailto: ones included), the page
 * a recipient's mail program opens. Only http(s) is offered as a link: anything else in a header
 * (javascript:, data:) must never become one.
 */
export function unsubscribeUrlOf(headers: readonly HeaderLine[]): string | undefined {
  const value = headerValue(headers, 'List-Unsubscribe');
  if (value === undefined) return undefined;
  for (const match of value.matchAll(/<([^<>]+)>/g)) {
    const candidate = (match[1] as string).trim();
    try {
      const url = new URL(candidate);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
    } catch {
      // Not a URL: the next one may be.
    }
  }
  return undefined;
}

/** The headers a mail program shows above an email, in that order, when the message has them. */
export const shownHeaderNames = ['From', 'To', 'Subject', 'Date', 'Reply-To'] as const;

export function shownHeaders(headers: readonly HeaderLine[]): { name: string; value: string }[] {
  return shownHeaderNames.flatMap((name) => {
    const value = headerValue(headers, name);
    return value === undefined ? [] : [{ name, value }];
  });
}
