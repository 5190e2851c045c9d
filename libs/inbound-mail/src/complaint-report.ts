import { addressesIn } from './addresses';
import { fieldValue, firstMessageId, readFields, readHeaderBlock } from './header-fields';
import type { MessageParts } from './message-parts';

export interface ComplaintReport {
  /** The complaining recipient (Original-Rcpt-To, or the To of the returned message), lower-cased; '' if absent. */
  recipient: string;
  originalMessageId: string;
}

/** Whether the message is an RFC 5965 (ARF) feedback report about unwanted mail. */
export function isComplaint(parts: MessageParts): boolean {
  if (parts.reportType !== 'feedback-report' && parts.feedbackReport === '') return false;
  // "not-spam" reports a message wrongly filed as spam: the opposite of a complaint.
  return fieldValue(readFields(parts.feedbackReport), 'feedback-type').toLowerCase() !== 'not-spam';
}

/** The complainant and the message complained about, from the report and the returned headers. */
export function readComplaint(parts: MessageParts): ComplaintReport {
  const returned = readHeaderBlock(parts.returned);
  const reported = addressesIn(fieldValue(readFields(parts.feedbackReport), 'original-rcpt-to'))[0];
  return {
    recipient: reported ?? addressesIn(fieldValue(returned, 'to'))[0] ?? '',
    originalMessageId: firstMessageId(fieldValue(returned, 'message-id')),
  };
}
