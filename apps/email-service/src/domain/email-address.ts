// The same rules as the client service's addresses (apps may not share code with each other), so an
// address a client was stored with always passes here too.

/** RFC 5321 limits: 64 octets before the @, 254 in total (what fits in a forward-path). */
export const maxEmailLength = 254;
const maxLocalPartLength = 64;

// A dot-atom local part and a domain of at least two labels ending in an alphabetic or punycode TLD.
const localPart = String.raw`[\p{L}\p{N}!#$%&'*+/=?^_\x60{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_\x60{|}~-]+)*`;
const label = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const topLevel = String.raw`(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})`;
const emailPattern = new RegExp(`^${localPart}@(?:${label}\\.)+${topLevel}$`, 'u');

/** The form an address is stored and compared in: trimmed, Unicode NFC, lower-cased. */
export function normaliseEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

/** Why a normalised address is not acceptable, or undefined when it is. */
export function emailProblem(email: string): string | undefined {
  if (email === '') return 'is required';
  if (email.length > maxEmailLength) return `must be at most ${maxEmailLength} characters`;
  if (email.lastIndexOf('@') > maxLocalPartLength)
    return `must have at most ${maxLocalPartLength} characters before the @`;
  if (!emailPattern.test(email)) return 'must be a valid email address';
  return undefined;
}

/**
 * The address with its local part hidden but for the first character, e.g. `j***@example.com`, for
 * a public page that must confirm whom it unsubscribed without disclosing the address.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '***';
  const first = Array.from(email.slice(0, at))[0] ?? '';
  return `${first}***${email.slice(at)}`;
}
