// The raw RFC 5322 message of a simulated answer to a caught email (local mode): what the lead's mail
// client, their out-of-office or the receiving server's MAILER-DAEMON would have sent back, for the
// Email service to read as if it had arrived in the mailbox's inbox.
import { randomUUID } from 'node:crypto';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { CaughtMessage } from '@coldreach/contracts';
import type { SimulatedKind } from '../schemas/inbound-schemas';

export const defaultReplyText = "Thanks, let's talk.";

/** The caught message's fields an answer is built from. */
export type AnsweredMessage = Pick<
  CaughtMessage,
  'envelopeFrom' | 'envelopeTo' | 'subject' | 'textBody' | 'messageId' | 'catchTime'
> & { headers: readonly { name: string; value: string }[] };

const crlf = '\r\n';
// RFC 5322 header lines a DSN may quote as they are: printable ASCII only, bounded.
const quotableHeader = /^[\x20-\x7e]{1,998}$/;

/** The raw message answering `caught`; `text` is the person's words (ignored for a bounce). */
export async function buildSimulatedAnswer(
  caught: AnsweredMessage,
  kind: SimulatedKind,
  text: string | undefined,
  now: Date = new Date(),
): Promise<Buffer> {
  const recipient = caught.envelopeTo[0] ?? '';
  if (kind === 'bounce') return deliveryStatusNotification(caught, recipient, now);
  const sender = headerOf(caught, 'reply-to') || headerOf(caught, 'from') || caught.envelopeFrom;
  const references = [headerOf(caught, 'references'), caught.messageId].filter(Boolean).join(' ');
  const outOfOffice = kind === 'auto-reply';
  const composer = new MailComposer({
    from: recipient,
    to: sender,
    subject: `${outOfOffice ? 'Automatic reply' : 'Re'}: ${caught.subject.replace(/^re:\s*/i, '')}`,
    messageId: messageIdAt(recipient),
    inReplyTo: caught.messageId,
    references,
    date: now,
    text: `${text ?? defaultText(kind, now)}${crlf}${crlf}${quoted(caught)}`,
    // RFC 3834: what an out-of-office says about itself.
    headers: outOfOffice ? { 'Auto-Submitted': 'auto-replied' } : {},
  });
  return composer.compile().build();
}

function defaultText(kind: Exclude<SimulatedKind, 'bounce'>, now: Date): string {
  if (kind === 'unsubscribe') return 'Please remove me from your list.';
  if (kind === 'reply') return defaultReplyText;
  const back = new Date(now.getTime() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return `I am out of the office until ${back} with limited access to email. I will answer when I am back.`;
}

/** "On <date>, <sender> wrote:" and the first lines of the caught text, as mail clients quote it. */
function quoted(caught: AnsweredMessage): string {
  const lines = caught.textBody.split(/\r\n|\r|\n/).slice(0, 20);
  const date = caught.catchTime ? timestampDate(caught.catchTime).toUTCString() : 'an earlier day';
  return [`On ${date}, ${caught.envelopeFrom} wrote:`, ...lines.map((line) => `> ${line}`)].join(crlf);
}

/** A hard-bounce DSN (RFC 3464): a human part, the machine-readable status, the original headers. */
function deliveryStatusNotification(caught: AnsweredMessage, recipient: string, now: Date): Buffer {
  const domain = domainOf(recipient);
  const boundary = `=_dsn_${randomUUID()}`;
  const originalHeaders = caught.headers
    .map(({ name, value }) => `${name}: ${value}`)
    .filter((line) => quotableHeader.test(line));
  const lines = [
    `From: Mail Delivery System <MAILER-DAEMON@${domain}>`,
    `To: <${caught.envelopeFrom}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: ${messageIdAt(recipient)}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `Your message could not be delivered to <${recipient}>: the mailbox does not exist.`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${domain}`,
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected: User unknown`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    ...originalHeaders,
    '',
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join(crlf), 'utf8');
}

function headerOf(caught: AnsweredMessage, name: string): string {
  return caught.headers.find((header) => header.name.toLowerCase() === name)?.value ?? '';
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'localhost';
}

function messageIdAt(address: string): string {
  return `<${randomUUID()}@${domainOf(address)}>`;
}
