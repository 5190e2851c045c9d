import type { Verification } from './verification';

/** SMTP replies that refuse the recipient itself ("no such user", "not local", "mailbox name not allowed"). */
const recipientRefusalCodes = new Set([550, 551, 553]);

/** True when a failed send's last reply said the address does not take mail (as a hard bounce does). */
export function isRecipientRefusal(smtpCode: number): boolean {
  return recipientRefusalCodes.has(smtpCode);
}

const maxDiagnosticLength = 200;

/**
 * The verification a hard bounce amounts to: the strongest there is, since a real server refused a
 * real message to the address. The reason keeps the reply code and the first 200 characters of the
 * server's text on one line.
 */
export function hardBounceVerification(smtpCode: number, diagnostic: string, bouncedAt: Date): Verification {
  const text = oneLine(diagnostic);
  return {
    status: 'invalid',
    verdict: 'invalid',
    reasons: [`hard_bounce: ${smtpCode}${text ? ` ${text}` : ''}`],
    mxHost: '',
    checkedAt: bouncedAt,
    fromCache: false,
  };
}

// eslint-disable-next-line no-control-regex -- control characters are what a stored reason must not hold
const controlOrSpace = /[\s\u0000-\u001f\u007f]+/g;

/**
 * Whitespace and control characters as single spaces, cut at whole characters (never half a
 * surrogate pair), a lone surrogate (no text PostgreSQL stores) as U+FFFD.
 */
function oneLine(text: string): string {
  return Array.from(text.replace(controlOrSpace, ' ').trim())
    .slice(0, maxDiagnosticLength)
    .map((character) => (/^[\ud800-\udfff]$/.test(character) ? '\ufffd' : character))
    .join('')
    .trim();
}
