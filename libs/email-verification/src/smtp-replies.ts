import type { SmtpReply } from './smtp-session';

const maxReplyText = 200;

/** A reply as a reason's detail: `550 5.1.1 no such user`, one line, control characters gone, at most 200 characters of text. */
export function replyDetail(reply: SmtpReply): string {
  const text = reply.lines
    .join(' ')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxReplyText)
    .trim();
  return text ? `${reply.code} ${text}` : String(reply.code);
}

/**
 * The reason for a reply that ended the session before RCPT TO (greeting, EHLO, MAIL FROM): it
 * says something about the prober, never about the mailbox.
 */
export function sessionRefusal(reply: SmtpReply): string {
  if (reply.code >= 400 && reply.code < 500) return `smtp_temporary: ${replyDetail(reply)}`;
  if (reply.code >= 500 && reply.code < 600) return `smtp_session_refused: ${replyDetail(reply)}`;
  return `smtp_unexpected_reply: ${replyDetail(reply)}`;
}

/**
 * The reason for the answer to RCPT TO: 2xx accepted; 4xx temporary (greylisting, rate limits);
 * 5xx rejected, except enhanced codes 5.7.x (policy: the server refuses the prober, e.g. a
 * blocklisted address, which says nothing about the mailbox).
 */
export function rcptReason(reply: SmtpReply): string {
  const { code } = reply;
  if (code >= 200 && code < 300) return 'smtp_accepted';
  if (code >= 400 && code < 500) return `smtp_temporary: ${replyDetail(reply)}`;
  if (code >= 500 && code < 600) {
    const policy = /^5\.7\.\d{1,3}\b/.test(reply.lines[0]?.trim() ?? '');
    return `${policy ? 'smtp_session_refused' : 'smtp_rejected'}: ${replyDetail(reply)}`;
  }
  return `smtp_unexpected_reply: ${replyDetail(reply)}`;
}
