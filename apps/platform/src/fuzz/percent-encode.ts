// An unpaired surrogate: a high one not followed by a low one, or a low one not after a high one.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Percent-encodes text for a path segment or a query value. Unlike encodeURIComponent alone it
 * does not throw on a lone surrogate: it encodes the surrogate's three bytes as UTF-8 would
 * (WTF-8), exactly the kind of input a server must refuse cleanly. Linear: the generator encodes
 * megabyte strings on the event loop it measures.
 */
export function percentEncode(text: string): string {
  const surrogates = text.match(loneSurrogate) ?? [];
  const parts = text.split(loneSurrogate).map(encodeURIComponent);
  return parts
    .map((part, index) => (index === 0 ? part : `${encodeSurrogate(surrogates[index - 1] ?? '')}${part}`))
    .join('');
}

function encodeSurrogate(char: string): string {
  const code = char.charCodeAt(0);
  return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
    .map((byte) => `%${byte.toString(16).toUpperCase()}`)
    .join('');
}
