import { randomUUID } from 'node:crypto';
import { domainToASCII } from 'node:url';

/** Everything the SMTP message of one delivery is made of. */
export interface OutgoingEmail {
  fromName: string;
  fromAddress: string;
  to: string;
  subject: string;
  /** Always set: the rendered text body, or one derived from the HTML body. */
  text: string;
  /** Empty when the step has no HTML body. */
  html: string;
  messageId: string;
  /** The previous step's Message-ID (In-Reply-To and References); empty for a first email. */
  inReplyTo: string;
  /** The RFC 8058 one-click unsubscribe URL (List-Unsubscribe). */
  unsubscribeUrl: string;
}

/**
 * The MIME message of an outgoing email (RFC 5322, 2045–2047, 8058), CRLF line ends, ready for
 * SMTP DATA (the connection does the dot-stuffing). Built here rather than by nodemailer's
 * composer because every campaign email has the same simple shape and composing it generically
 * cost about a fifth of the sending thread (a tree of stream nodes per message).
 * Throws when an address or a header would break the message; nothing is sent then.
 */
export function buildMimeMessage(email: OutgoingEmail, date: Date = new Date()): Buffer {
  const headers = [
    `From: ${mailbox(email.fromName, email.fromAddress)}`,
    `To: ${mailbox('', email.to)}`,
    `Subject: ${unstructured(email.subject, 'Subject: '.length)}`,
    `Message-ID: ${messageIdValue(email.messageId, 'Message-ID')}`,
  ];
  if (email.inReplyTo) {
    const previous = messageIdValue(email.inReplyTo, 'In-Reply-To');
    headers.push(`In-Reply-To: ${previous}`, `References: ${previous}`);
  }
  headers.push(
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `List-Unsubscribe: <${headerSafe(email.unsubscribeUrl, 'the unsubscribe URL')}>`,
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'MIME-Version: 1.0',
  );
  if (!email.html) {
    const message = [...headers, ...textPart('plain', email.text)].join(crlf);
    // A message ends with a line break, and gets one only when its text does not.
    return Buffer.from(message.endsWith(crlf) ? message : message + crlf, 'utf8');
  }
  // A random UUID cannot appear in a template or a lead's field by chance or by design.
  const boundary = `=_cr_${randomUUID()}`;
  const lines = [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...textPart('plain', email.text),
    `--${boundary}`,
    ...textPart('html', email.html),
    `--${boundary}--`,
  ];
  return Buffer.from(lines.join(crlf) + crlf, 'utf8');
}

const crlf = '\r\n';
// RFC 5322 keeps lines under 998 characters; encoded text and folded headers stay under 78.
const maxLine = 998;
const foldAt = 76;
const printableAscii = /^[\x20-\x7e]*$/;
const plainBodyText = /^[\x20-\x7e\t\r\n]*$/;

/** A text part's headers, blank line and body; 7bit when it is plain ASCII, quoted-printable otherwise. */
function textPart(subtype: 'plain' | 'html', body: string): string[] {
  const lines = body.replace(/\r\n|\r|\n/g, '\n').split('\n');
  const sevenBit = plainBodyText.test(body) && lines.every((line) => line.length <= maxLine);
  return [
    `Content-Type: text/${subtype}; charset=utf-8`,
    `Content-Transfer-Encoding: ${sevenBit ? '7bit' : 'quoted-printable'}`,
    '',
    sevenBit ? lines.join(crlf) : lines.map(quotedPrintableLine).join(crlf),
  ];
}

/** One line of text as quoted-printable (RFC 2045 6.7): soft breaks keep encoded lines ≤ 76. */
export function quotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const last = i === bytes.length - 1;
    // Whitespace at the end of a line would be lost in transit, so it is encoded there.
    const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    const piece = literal ? String.fromCharCode(byte) : `=${hex(byte)}`;
    // The soft break "=" takes one position.
    if (current.length + piece.length > foldAt - 1 && !(last && current.length + piece.length <= foldAt)) {
      out.push(`${current}=`);
      current = '';
    }
    current += piece;
  }
  out.push(current);
  return out.join(crlf);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * An unstructured header value (RFC 5322 2.2.1): printable ASCII as it is, folded at spaces;
 * anything else as RFC 2047 encoded words of base64 UTF-8, each under 76 characters, never
 * splitting a character.
 */
export function unstructured(value: string, nameLength: number): string {
  // A word too long for any line can only go encoded.
  if (printableAscii.test(value) && value.split(' ').every((word) => word.length < 900)) {
    return foldAtSpaces(value, nameLength);
  }
  return encodedWords(value);
}

function foldAtSpaces(value: string, nameLength: number): string {
  if (nameLength + value.length <= foldAt) return value;
  const words = value.split(' ');
  const lines: string[] = [];
  let current = words[0] ?? '';
  let room = foldAt - nameLength;
  for (const word of words.slice(1)) {
    if (current.length + 1 + word.length > room && current.trim() !== '') {
      lines.push(current);
      current = ` ${word}`;
      room = foldAt;
    } else {
      current += ` ${word}`;
    }
  }
  lines.push(current);
  return lines.join(crlf);
}

// "=?UTF-8?B?" + "?=" is 12 characters; 39 bytes of UTF-8 make 52 of base64: a word of 64 fits a
// line after any header name used here.
const wordBytes = 39;

function encodedWords(value: string): string {
  const words: string[] = [];
  let chunk = '';
  let chunkBytes = 0;
  for (const char of value) {
    const size = Buffer.byteLength(char, 'utf8');
    if (chunkBytes + size > wordBytes && chunk !== '') {
      words.push(encodedWord(chunk));
      chunk = '';
      chunkBytes = 0;
    }
    chunk += char;
    chunkBytes += size;
  }
  if (chunk !== '' || words.length === 0) words.push(encodedWord(chunk));
  return words.join(`${crlf} `);
}

function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

// RFC 5322 atext plus the space: a display name of only these needs no quotes.
const atomText = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;
const addressPattern = /^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+$/u;

/** `Name <local@domain>` (or just the address): the name quoted or encoded, the domain in ASCII. */
function mailbox(name: string, address: string): string {
  const value = `<${asciiAddress(address)}>`;
  const trimmed = name.trim();
  if (!trimmed) return value;
  if (atomText.test(trimmed)) return `${trimmed} ${value}`;
  if (printableAscii.test(trimmed)) return `"${trimmed.replace(/(["\\])/g, '\\$1')}" ${value}`;
  return `${encodedWords(trimmed)} ${value}`;
}

/** The address with an internationalised domain in its ASCII (punycode) form. */
function asciiAddress(address: string): string {
  if (!addressPattern.test(address)) throw new Error('an email address of the message is not valid');
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  if (printableAscii.test(domain)) return address;
  const ascii = domainToASCII(domain);
  if (!ascii) throw new Error('the domain of an email address of the message is not valid');
  return `${address.slice(0, at)}@${ascii}`;
}

/** A `<id@domain>` value; a domain that is not ASCII (a mailbox's IDN) in its punycode form. */
function messageIdValue(value: string, header: string): string {
  const match = /^<([^<>\s@]+)@([^<>\s@]+)>$/u.exec(value);
  const domain = match?.[2] && (printableAscii.test(match[2]) ? match[2] : domainToASCII(match[2]));
  if (!match?.[1] || !domain || !printableAscii.test(match[1])) {
    throw new Error(`the ${header} header of the message is not valid`);
  }
  return `<${match[1]}@${domain}>`;
}

function headerSafe(value: string, what: string): string {
  if (!printableAscii.test(value)) throw new Error(`${what} cannot go in a header`);
  return value;
}
