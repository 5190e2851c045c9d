import { simpleParser, type ParsedMail } from 'mailparser';
import { addressesIn } from './addresses';
import { htmlText } from './html-text';
import { type HeaderField, fieldValue, readFields, readHeaderBlock, scanLimit } from './header-fields';

/** What the classification reads of a message, whether mailparser could parse it or not. */
export interface MessageParts {
  fields: HeaderField[];
  from: string;
  fromName: string;
  /** The addresses the message was sent to: ours, never the bounced recipient. */
  to: string[];
  subject: string;
  date: Date | undefined;
  /** The decoded text (HTML turned into text by mailparser), first 64 KiB. */
  text: string;
  /** `report-type` of a multipart/report, lower-cased, '' otherwise. */
  reportType: string;
  deliveryStatus: string;
  feedbackReport: string;
  /** The returned message (message/rfc822) or its headers (text/rfc822-headers), '' if none. */
  returned: string;
}

const deliveryStatusTypes = ['message/delivery-status', 'message/global-delivery-status'];
const returnedTypes = ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'];

function attachmentText(mail: ParsedMail, types: string[]): string {
  const part = mail.attachments.find((attachment) => types.includes(attachment.contentType.toLowerCase()));
  return part ? part.content.subarray(0, scanLimit).toString('utf8') : '';
}

function addressList(value: ParsedMail['to']): string[] {
  const lists = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return lists.flatMap((list) => list.value.map((entry) => (entry.address ?? '').toLowerCase()));
}

// Read from the header itself: mailparser puts the current time in place of a date it cannot read,
// which would hide that the sender's date is missing.
function dateOf(header: string): Date | undefined {
  const date = new Date(header);
  return header === '' || Number.isNaN(date.getTime()) ? undefined : date;
}

// "multipart/report; report-type=delivery-status; boundary=…" → "delivery-status".
function reportTypeOf(contentType: string): string {
  const lower = contentType.toLowerCase();
  if (!lower.startsWith('multipart/report')) return '';
  const at = lower.indexOf('report-type=');
  if (at < 0) return '';
  return (
    lower
      .slice(at + 'report-type='.length)
      .split(';')[0]
      ?.replace(/"/g, '')
      .trim() ?? ''
  );
}

function fromParsed(mail: ParsedMail): MessageParts {
  const sender = mail.from?.value[0];
  const fields = readFields(mail.headerLines.map((header) => header.line).join('\n'));
  return {
    fields,
    from: (sender?.address ?? '').toLowerCase(),
    fromName: sender?.name ?? '',
    to: addressList(mail.to),
    subject: mail.subject ?? '',
    date: dateOf(fieldValue(fields, 'date')),
    text: (mail.text || (typeof mail.html === 'string' ? htmlText(mail.html) : '')).slice(0, scanLimit),
    reportType: reportTypeOf(fieldValue(fields, 'content-type')),
    deliveryStatus: attachmentText(mail, deliveryStatusTypes),
    feedbackReport: attachmentText(mail, ['message/feedback-report']),
    returned: attachmentText(mail, returnedTypes),
  };
}

// What can still be read when mailparser gives up: the header block and the text after it.
function fromRaw(raw: string): MessageParts {
  const fields = readHeaderBlock(raw);
  const bodyStart = raw.indexOf('\n\n');
  return {
    fields,
    from: addressesIn(fieldValue(fields, 'from'))[0] ?? '',
    fromName: '',
    to: addressesIn(fieldValue(fields, 'to')),
    subject: fieldValue(fields, 'subject'),
    date: dateOf(fieldValue(fields, 'date')),
    text: bodyStart < 0 ? '' : raw.slice(bodyStart + 2, bodyStart + 2 + scanLimit),
    reportType: '',
    deliveryStatus: '',
    feedbackReport: '',
    returned: '',
  };
}

/** Parses a raw message; never throws (a message mailparser rejects is read as plain text). */
export async function readMessage(raw: Buffer | string): Promise<MessageParts> {
  try {
    // Delivery-status parts kept apart (by default mailparser appends them to the text); HTML is
    // only turned into text up to 1 MiB, and no HTML or links are built that nobody reads.
    const mail = await simpleParser(raw, {
      keepDeliveryStatus: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      maxHtmlLengthToParse: 1024 * 1024,
    });
    return fromParsed(mail);
  } catch {
    return fromRaw((typeof raw === 'string' ? raw : raw.toString('latin1')).replace(/\r\n/g, '\n'));
  }
}
