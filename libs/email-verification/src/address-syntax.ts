import { domainToASCII } from 'node:url';
import { emailProblem, maxEmailLength, normaliseEmail } from '@coldreach/email-address';

export type ParsedAddress =
  | { ok: false; email: string; problem: string }
  | {
      ok: true;
      /** Normalised (normaliseEmail), with the domain as written (Unicode allowed). */
      email: string;
      local: string;
      /** The domain in ASCII (IDNA), as DNS and SMTP want it. */
      domain: string;
      quoted: boolean;
    };

// An RFC 5322 quoted-string local part: printable ASCII but `"` and `\`, or a backslash pair.
const quotedLocalPart = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
const maxLocalPartLength = 64;
const maxLabelLength = 63;

/**
 * Checks an address as the Client service would store it (dot-atom, RFC 5321 lengths), except
 * that a quoted local part passes (the caller marks it risky), and converts the domain to ASCII.
 */
export function parseAddress(raw: string): ParsedAddress {
  const email = normaliseEmail(raw);
  const at = email.lastIndexOf('@');
  const local = email.slice(0, Math.max(at, 0));
  const domain = email.slice(at + 1);
  const quoted = at > 0 && quotedLocalPart.test(local);
  const problem = quoted ? quotedProblem(email, local, domain) : emailProblem(email);
  if (problem) return { ok: false, email: raw.trim(), problem };
  const ascii = domainToASCII(domain);
  const asciiProblem = asciiDomainProblem(ascii, local);
  if (asciiProblem) return { ok: false, email: raw.trim(), problem: asciiProblem };
  return { ok: true, email, local, domain: ascii, quoted };
}

function quotedProblem(email: string, local: string, domain: string): string | undefined {
  if (email.length > maxEmailLength) return `must be at most ${maxEmailLength} characters`;
  if (local.length > maxLocalPartLength) {
    return `must have at most ${maxLocalPartLength} characters before the @`;
  }
  // The domain follows the usual rules; a plain stand-in local part lets emailProblem judge it.
  return emailProblem(`x@${domain}`);
}

// Punycode can make a Unicode label longer than it looks, so the limits are checked again.
function asciiDomainProblem(ascii: string, local: string): string | undefined {
  if (ascii === '') return 'must have a valid internationalised domain';
  if (ascii.split('.').some((label) => label.length > maxLabelLength)) {
    return `must have domain labels of at most ${maxLabelLength} characters`;
  }
  if (Buffer.byteLength(local) + 1 + ascii.length > maxEmailLength) {
    return `must be at most ${maxEmailLength} characters`;
  }
  return undefined;
}
