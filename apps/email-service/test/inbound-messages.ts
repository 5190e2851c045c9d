// Raw messages as they arrive in a sending mailbox's inbox, for the inbound specs. Each takes the
// Message-ID of the email it is about, so a spec decides whether it threads to one of ours.
import { randomUUID } from 'node:crypto';

const date = 'Fri, 04 Dec 2026 12:00:00 +0000';
const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';
const ownId = () => `<${randomUUID()}@inbound.test>`;

export interface Sent {
  /** Our Message-ID, with brackets. */
  messageId: string;
  to: string;
  subject: string;
}

/** A person's answer; `threaded: false` drops In-Reply-To and References, as some clients do. */
export function personReply(
  sent: Sent,
  text: string,
  options: { threaded?: boolean; id?: string } = {},
): string {
  return crlf([
    `From: Reader <${sent.to}>`,
    'To: sales@sender.test',
    `Subject: Re: ${sent.subject}`,
    `Date: ${date}`,
    `Message-ID: ${options.id ?? ownId()}`,
    ...(options.threaded === false
      ? []
      : [`In-Reply-To: ${sent.messageId}`, `References: ${sent.messageId}`]),
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
    'On Thu, Dec 3, 2026 at 10:00 AM Sales <sales@sender.test> wrote:',
    '> Hi, would you be open to a call?',
  ]);
}

/** An out-of-office answer (RFC 3834) with a return date. */
export function outOfOffice(sent: Sent): string {
  return crlf([
    `From: Reader <${sent.to}>`,
    'To: sales@sender.test',
    `Subject: Automatic reply: ${sent.subject}`,
    `Date: ${date}`,
    `Message-ID: ${ownId()}`,
    `In-Reply-To: ${sent.messageId}`,
    'Auto-Submitted: auto-replied',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'I am out of the office and back on 12 January 2027 with limited access to email.',
  ]);
}

/** An RFC 3464 delivery status notification about `sent`. */
export function deliveryStatusReport(sent: Sent, status: string, diagnostic: string): string {
  return crlf([
    'From: Mail Delivery System <MAILER-DAEMON@mx.sender.test>',
    'To: sales@sender.test',
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${date}`,
    `Message-ID: ${ownId()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUND"',
    '',
    '--BOUND',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.sender.test.',
    '',
    '--BOUND',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.sender.test',
    '',
    `Final-Recipient: rfc822; ${sent.to}`,
    `Action: ${status.startsWith('5') ? 'failed' : 'delayed'}`,
    `Status: ${status}`,
    `Diagnostic-Code: smtp; ${diagnostic}`,
    '',
    '--BOUND',
    'Content-Type: text/rfc822-headers',
    '',
    'From: sales@sender.test',
    `To: ${sent.to}`,
    `Message-ID: ${sent.messageId}`,
    `Subject: ${sent.subject}`,
    '',
    '--BOUND--',
  ]);
}

/** A Postfix-style bounce in plain text, the original message appended. */
export function plainBounce(sent: Sent): string {
  return crlf([
    'From: MAILER-DAEMON (Mail Delivery System)',
    'To: sales@sender.test',
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${date}`,
    `Message-Id: ${ownId()}`,
    '',
    'This is the mail system at host mx.sender.test.',
    '',
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    '',
    `<${sent.to}>: host mx.example.org[192.0.2.20] said: 550 5.1.1 User unknown`,
    '    (in reply to RCPT TO command)',
    '',
    '--- Undelivered message follows ---',
    'From: Sales <sales@sender.test>',
    `To: ${sent.to}`,
    `Subject: ${sent.subject}`,
    `Message-ID: ${sent.messageId}`,
    '',
    'Hi.',
  ]);
}

/** An ARF (RFC 5965) feedback report: the recipient marked `sent` as spam. */
export function feedbackReport(sent: Sent): string {
  return crlf([
    'From: staff@feedback.example',
    'To: sales@sender.test',
    'Subject: complaint about message',
    `Date: ${date}`,
    `Message-ID: ${ownId()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"',
    '',
    '--ARF',
    'Content-Type: text/plain; charset="US-ASCII"',
    '',
    'This is an email abuse report.',
    '',
    '--ARF',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: SomeGenerator/1.0',
    'Version: 1',
    '',
    '--ARF',
    'Content-Type: text/rfc822-headers',
    '',
    'From: Sales <sales@sender.test>',
    `To: ${sent.to}`,
    `Subject: ${sent.subject}`,
    `Message-ID: ${sent.messageId}`,
    '',
    '--ARF--',
  ]);
}

/** Mail that has nothing to do with what was sent. */
export function unrelatedMail(): string {
  return crlf([
    'From: Newsletter <news@elsewhere.example>',
    'To: sales@sender.test',
    'Subject: Our December deals',
    `Date: ${date}`,
    `Message-ID: ${ownId()}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello! Have a look at what is new this month.',
  ]);
}
