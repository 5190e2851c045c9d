import { hasAutoReplyHeaders, readsLikeAutoReply } from './auto-reply';
import { type BounceReport, looksLikeBounce, readDeliveryStatus, readPlainBounce } from './bounce-report';
import { type ComplaintReport, isComplaint, readComplaint } from './complaint-report';
import { fieldValue, messageIdsIn } from './header-fields';
import { type MessageParts, readMessage } from './message-parts';
import { newTextOf, snippetOf } from './new-text';
import { findReturnDate } from './return-date';
import { asksToUnsubscribe } from './unsubscribe-request';

export type InboundKind = 'reply' | 'auto_reply' | 'bounce' | 'complaint' | 'unsubscribe_request';

export interface ClassifiedMessage {
  /** 'reply' means written by a person; whether it answers one of OUR emails is the caller's to decide. */
  kind: InboundKind;
  /** The message's own Message-ID without angle brackets, '' if none. */
  messageId: string;
  /** Message-IDs it refers to: In-Reply-To then References (newest first), brackets stripped, deduplicated. */
  refersTo: string[];
  /** The From address, lower-cased ('' if none). */
  from: string;
  subject: string;
  /** The Date header, or `now` when missing/unparsable. */
  sentAt: Date;
  /** ≤ 280 chars of the NEW text: quoted history ("On … wrote:", lines starting with '>'), signatures
   * ('-- '), and forwarded blocks removed; whitespace collapsed; never HTML. '' for bounces/complaints. */
  snippet: string;
  bounce?: BounceReport;
  complaint?: ComplaintReport;
  /** Out-of-office: the return date when the text gives one ("back on 12 January", "returning 2026-01-12",
   * "until Monday 5th"…), at midnight UTC of that day; only in the future relative to sentAt. */
  returnAt?: Date;
}

function refersTo(parts: MessageParts): string[] {
  const inReplyTo = messageIdsIn(fieldValue(parts.fields, 'in-reply-to'));
  // References lists the thread oldest first; the newest is the likeliest to be ours.
  const references = messageIdsIn(fieldValue(parts.fields, 'references')).reverse();
  return [...new Set([...inReplyTo, ...references])];
}

function bounceOf(parts: MessageParts): BounceReport | undefined {
  if (parts.reportType === 'delivery-status' || parts.deliveryStatus !== '') return readDeliveryStatus(parts);
  return looksLikeBounce(parts) ? readPlainBounce(parts) : undefined;
}

/**
 * What a parsed message is. Checked from the most to the least machine-like: a complaint or a bounce
 * also carries Auto-Submitted, and an out-of-office often quotes our email with its unsubscribe link,
 * so neither may be mistaken for a person's answer.
 */
export function classifyParts(parts: MessageParts, now: Date): ClassifiedMessage {
  const sentAt = parts.date ?? now;
  const base = {
    messageId: messageIdsIn(fieldValue(parts.fields, 'message-id'))[0] ?? '',
    refersTo: refersTo(parts),
    from: parts.from,
    subject: parts.subject,
    sentAt,
    snippet: '',
  };
  if (isComplaint(parts)) return { ...base, kind: 'complaint', complaint: readComplaint(parts) };
  const bounce = bounceOf(parts);
  if (bounce) return { ...base, kind: 'bounce', bounce };
  const newText = newTextOf(parts.text);
  const snippet = snippetOf(newText);
  // Any other report (a DSN saying "delivered" or "relayed", a read receipt, an ARF "not-spam")
  // is neither a bounce nor a complaint, and no person wrote it either.
  if (
    parts.reportType !== '' ||
    hasAutoReplyHeaders(parts.fields) ||
    readsLikeAutoReply(parts.subject, newText)
  ) {
    const returnAt = findReturnDate(newText, sentAt);
    return { ...base, kind: 'auto_reply', snippet, ...(returnAt ? { returnAt } : {}) };
  }
  return { ...base, kind: asksToUnsubscribe(newText) ? 'unsubscribe_request' : 'reply', snippet };
}

/** What a raw message read from a sending mailbox is; never throws (garbage is read as far as it goes). */
export async function classifyMessage(
  raw: Buffer | string,
  options: { now?: Date } = {},
): Promise<ClassifiedMessage> {
  return classifyParts(await readMessage(raw), options.now ?? new Date());
}
