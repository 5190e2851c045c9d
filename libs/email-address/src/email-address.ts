/** RFC 5321 limits: 64 octets before the @, 254 in total (what fits in a forward-path). */
export const maxEmailLength = 254;
const maxLocalPartLength = 64;

// A dot-atom local part (no quoted strings, no leading/trailing/double dots) and a domain of at least
// two labels ending in an alphabetic or punycode TLD. Letters beyond ASCII are allowed (RFC 6531).
// IP-literal domains and quoted local parts are refused: nobody cold-emails those.
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
  const at = email.lastIndexOf('@');
  if (at > maxLocalPartLength) return `must have at most ${maxLocalPartLength} characters before the @`;
  if (!emailPattern.test(email)) return 'must be a valid email address';
  return undefined;
}
