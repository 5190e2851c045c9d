import { buildMimeMessage } from '@coldreach/outreach';
import type { OutgoingEmail } from '@coldreach/outreach';

/** One header line of a built message, in the order it was written (stored as JSON in caught_messages.headers). */
export interface CaughtHeader {
  name: string;
  value: string;
}

/** A `caught_messages` row to be, built exactly as it would have gone out. */
export interface CaughtMessageDraft {
  envelopeFrom: string;
  envelopeTo: string[];
  subject: string;
  textBody: string;
  htmlBody: string;
  headers: CaughtHeader[];
  messageId: string;
  sizeBytes: number;
}

/**
 * The catcher "transport": builds the MIME message as a real send does (so headers and encoding
 * are those that would have gone out) and hands back what the catcher stores. Storing it is the
 * caller's job, in the transaction that marks the delivery sent, so it is kept exactly once.
 */
export function createCatcherTransport(): { build(email: OutgoingEmail): CaughtMessageDraft } {
  return {
    /** Throws when the message cannot be built (see buildMimeMessage). */
    build(email) {
      const raw = buildMimeMessage(email);
      return {
        envelopeFrom: email.fromAddress,
        envelopeTo: [email.to],
        subject: email.subject,
        textBody: email.text,
        htmlBody: email.html,
        headers: headerLinesOf(raw),
        messageId: email.messageId,
        sizeBytes: raw.length,
      };
    },
  };
}

/** The header block of a MIME message, unfolded, in order. */
export function headerLinesOf(raw: Buffer): CaughtHeader[] {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  return head
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .filter((line) => line.includes(':'))
    .map((line) => {
      const colon = line.indexOf(':');
      return { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
    });
}
