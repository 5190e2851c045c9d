import { addressesIn } from './addresses';
import {
  type HeaderField,
  fieldValue,
  firstMessageId,
  readFieldBlocks,
  readHeaderBlock,
} from './header-fields';
import type { MessageParts } from './message-parts';

export interface BounceReport {
  type: 'hard' | 'soft';
  /** RFC 3463 status, e.g. '5.1.1' ('' when the format gives none; then the type is inferred). */
  status: string;
  /** The address that bounced (Final-Recipient / Original-Recipient or the non-standard text), lower-cased. */
  recipient: string;
  /** Diagnostic-Code or the server text, one line, ≤ 200 chars. */
  diagnostic: string;
  /** Message-ID of the bounced message (from the returned headers / text/rfc822-headers part), '' if absent. */
  originalMessageId: string;
}

const diagnosticLength = 200;
// A full mailbox or an over-quota account recovers without the sender doing anything, whatever code
// the server gave (Gmail answers "552 5.2.2 … over quota"): senders treat these as soft, to retry.
const softWords = [
  'mailbox full',
  'mailbox is full',
  'quota',
  'temporar',
  'try again later',
  'delayed',
  'will retry',
  'still trying',
];
const enhancedStatus = /\b[245]\.\d{1,3}\.\d{1,3}\b/g;

/**
 * The first RFC 3463 status in a text, '' if none. A match inside a longer dotted number is skipped:
 * "5.3.1" in the address 10.5.3.1 is no status.
 */
function statusIn(text: string): string {
  for (const match of text.matchAll(enhancedStatus)) {
    const before = text.charAt(match.index - 1);
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 2);
    if (before !== '.' && !/^\.\d/.test(after)) return match[0];
  }
  return '';
}
const smtpCode = /(?:^|\s)([45])\d\d[\s-]/m;

function oneLine(text: string, length = diagnosticLength): string {
  return text.split(/\s+/).filter(Boolean).join(' ').slice(0, length);
}

function inferredType(text: string, status: string): BounceReport['type'] {
  // Servers wrap their text ("Mailbox\n    full"): words are looked for with whitespace collapsed.
  const lower = oneLine(text, Infinity).toLowerCase();
  if (softWords.some((word) => lower.includes(word))) return 'soft';
  const codeClass = status.charAt(0) || smtpCode.exec(text)?.[1] || '';
  return codeClass === '4' ? 'soft' : 'hard';
}

function returnedMessageId(parts: MessageParts): string {
  const fromReturned = firstMessageId(fieldValue(readHeaderBlock(parts.returned), 'message-id'));
  if (fromReturned !== '') return fromReturned;
  // qmail and Exim copy the original into the text, below "--- Below this line is a copy…".
  const line = parts.text
    .split('\n')
    .find((candidate) => candidate.trim().toLowerCase().startsWith('message-id:'));
  return line ? firstMessageId(line.slice(line.indexOf(':') + 1)) : '';
}

function recipientOf(block: HeaderField[]): string {
  const value = fieldValue(block, 'final-recipient') || fieldValue(block, 'original-recipient');
  return addressesIn(value)[0] ?? '';
}

/** A bounce read from an RFC 3464 delivery-status part; undefined when no recipient failed or was delayed. */
export function readDeliveryStatus(parts: MessageParts): BounceReport | undefined {
  const blocks = readFieldBlocks(parts.deliveryStatus).slice(1);
  const actionOf = (block: HeaderField[]) => fieldValue(block, 'action').toLowerCase();
  const block = blocks.find((b) => actionOf(b) === 'failed') ?? blocks.find((b) => actionOf(b) === 'delayed');
  if (!block) return undefined;
  const status = statusIn(fieldValue(block, 'status'));
  const diagnostic = oneLine(fieldValue(block, 'diagnostic-code').replace(/^\s*smtp\s*;/i, ''));
  const type = status !== '' ? (status.startsWith('4') ? 'soft' : 'hard') : inferredType(diagnostic, '');
  return {
    type: actionOf(block) === 'delayed' ? 'soft' : type,
    status,
    recipient: recipientOf(block),
    diagnostic,
    originalMessageId: returnedMessageId(parts),
  };
}

// Senders, subjects and opening lines of the non-standard bounces: qmail, Exim, Postfix, sendmail,
// Gmail and Microsoft Exchange / Office 365.
const bounceSenders = ['mailer-daemon', 'postmaster', 'mail-daemon', 'maildaemon'];
const bounceSubjects = [
  'undelivered mail returned to sender',
  'delivery status notification',
  'undeliverable',
  'undelivered',
  'mail delivery failed',
  'failure notice',
  'returned mail',
  'delivery failure',
  'message not delivered',
  'delivery has failed',
  'mail delivery subsystem',
  'non remis',
  'unzustellbar',
];
const bounceOpenings = [
  'hi. this is the qmail-send program',
  'this message was created automatically by mail delivery software',
  'delivery to the following recipient failed permanently',
  'delivery to the following recipients failed',
  'delivery has failed to these recipients',
];

/** Whether a message without a delivery-status part is a bounce in one of the common plain formats. */
export function looksLikeBounce(parts: MessageParts): boolean {
  const at = parts.from.indexOf('@');
  const localPart = at < 0 ? parts.from : parts.from.slice(0, at);
  if (bounceSenders.includes(localPart)) return true;
  if (parts.fromName.toLowerCase().includes('mail delivery')) return true;
  const subject = parts.subject.toLowerCase();
  if (bounceSubjects.some((start) => subject.startsWith(start))) return true;
  const top = parts.text.slice(0, 2000).toLowerCase();
  return bounceOpenings.some((opening) => top.includes(opening));
}

function plainRecipient(parts: MessageParts): string {
  const failed = addressesIn(fieldValue(parts.fields, 'x-failed-recipients'))[0];
  if (failed) return failed;
  // qmail and Postfix: "<bob@example.org>:" opening the paragraph about that recipient.
  const angled = parts.text.split('\n').find((line) => line.startsWith('<') && line.trimEnd().endsWith('>:'));
  if (angled) return addressesIn(angled)[0] ?? '';
  const returnedTo = addressesIn(fieldValue(readHeaderBlock(parts.returned), 'to'))[0];
  if (returnedTo) return returnedTo;
  // Exchange, Gmail: the first address in the text that is not the sender's or the mailer's.
  const ours = new Set([parts.from, ...parts.to]);
  return addressesIn(parts.text).find((address) => !ours.has(address)) ?? '';
}

function isContinuation(line: string | undefined): boolean {
  return line !== undefined && (line.startsWith(' ') || line.startsWith('\t')) && line.trim() !== '';
}

/** A bounce read from the text of a non-standard notification. */
export function readPlainBounce(parts: MessageParts): BounceReport {
  const status = statusIn(parts.text);
  const lines = parts.text.split('\n');
  const codeAt = lines.findIndex((line) => statusIn(line) !== '' || smtpCode.test(line));
  // The server's text with the lines it was wrapped onto (indented continuation lines).
  let codeEnd = codeAt + 1;
  while (codeAt >= 0 && isContinuation(lines[codeEnd])) codeEnd++;
  const codeLine = codeAt < 0 ? '' : lines.slice(codeAt, codeEnd).join(' ');
  const subject = parts.subject.toLowerCase();
  const delayed = subject.includes('delay') || subject.includes('warning');
  return {
    type: delayed ? 'soft' : inferredType(parts.text, status),
    status,
    recipient: plainRecipient(parts),
    diagnostic: oneLine(codeLine),
    originalMessageId: returnedMessageId(parts),
  };
}
