import type { Verification } from './verification';

/** How a hard bounce's reason starts, whoever recorded it. */
const hardBouncePrefix = 'hard_bounce:';

/**
 * True when `verification` is a hard bounce (a reason starting `hard_bounce:`): the strongest result
 * there is, which only another hard bounce replaces (see verificationOutcome).
 */
export function isHardBounce(verification: Verification): boolean {
  return verification.reasons.some((reason) => reason.startsWith(hardBouncePrefix));
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
    reasons: [`${hardBouncePrefix} ${smtpCode}${text ? ` ${text}` : ''}`],
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
