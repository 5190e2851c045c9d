import { createHash } from 'node:crypto';

/**
 * A deterministic id: the first 16 bytes of SHA-256 over `parts` joined by newlines, shaped as an
 * RFC 9562 version-8 ("custom") UUID. The same parts always give the same id, so a retried insert
 * lands on the same row; parts must not contain a newline, or two lists could join to the same text.
 */
export function uuidFromParts(...parts: string[]): string {
  const bytes = createHash('sha256').update(parts.join('\n')).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
