// The raw messages of the corpus, written the way the mail clients and servers that send them do:
// replies quote our email and their thread, bounces and complaints carry the original back, some
// mail has an HTML part or an attachment. Each is padded to its planned size with that content.
import { deliveryOf, senderAddress, shapeOf, sizeOf, type CorpusDelivery, type Shape } from './corpus-plan';

// Neutral prose for bodies and quoted history: no words a classifier keys on (absence, delivery
// failure, removal), so a message's kind is decided by what its shape puts in it.
const sentences = [
  'We helped teams like yours cut onboarding time by a third within one quarter.',
  'Our platform connects to the tools your people already use every day.',
  'Happy to share a short case study from a company of a similar size.',
  'The pilot usually takes two weeks and needs no engineering time from your side.',
  'Pricing depends on the number of seats, and there is a plan for smaller teams.',
  'Would a twenty minute call next week be a good use of your time?',
  'Several of our customers moved from spreadsheets to this in an afternoon.',
  'I can send over a recording of the demo if that is easier to fit in.',
];

function prose(index: number, lines: number, prefix = ''): string {
  const out: string[] = [];
  for (let line = 0; line < lines; line++)
    out.push(prefix + sentences[(index + line * 3) % sentences.length]);
  return out.join('\n');
}

/** Quoted thread history of about `bytes`: our email, then older messages quoted deeper. */
function quotedHistory(index: number, bytes: number, delivery: CorpusDelivery): string {
  const parts = [`On Thu, 3 Dec 2026 at 10:00, Alice Hale <${senderAddress}> wrote:`];
  let length = parts[0]!.length;
  for (let depth = 1; length < bytes; depth++) {
    const block = `${prose(index + depth, 3, '>'.repeat(Math.min(depth, 4)) + ' ')}\n${'>'.repeat(Math.min(depth, 4))}`;
    parts.push(block);
    length += block.length + 1;
  }
  parts.push(`> ${delivery.subject}`);
  return parts.join('\n');
}

function base64Lines(bytes: number, seed: number): string {
  const data = Buffer.alloc(Math.max(0, Math.floor((bytes * 3) / 4)));
  let state = seed * 2654435761 + 1;
  for (let at = 0; at < data.length; at++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[at] = state >>> 24;
  }
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

const date = (index: number) =>
  new Date(Date.UTC(2026, 11, 4, 8, 0, 0) + index * 1000).toUTCString().replace('GMT', '+0000');

function headers(fields: [string, string][]): string {
  return fields.map(([name, value]) => `${name}: ${value}`).join('\n');
}

/** Our original email as a bounce or a complaint returns it (headers, then the body when kept). */
function original(delivery: CorpusDelivery, body: string): string {
  return `${headers([
    ['From', `Alice Hale <${senderAddress}>`],
    ['To', delivery.toAddress],
    ['Subject', delivery.subject],
    ['Message-ID', delivery.messageId],
    ['Date', 'Thu, 03 Dec 2026 10:00:00 +0000'],
    ['Content-Type', 'text/plain; charset=utf-8'],
  ])}\n\n${body}`;
}

function personReply(index: number, delivery: CorpusDelivery, shape: Shape, size: number): string {
  const threaded = shape !== 'unthreaded_reply';
  const opening =
    shape === 'remove_me'
      ? 'Not interested. Please remove me from your list.'
      : `Hi Alice,\n\nThanks for reaching out. ${sentences[index % sentences.length]}\nCould you send me a few times that work for you?\n\nBest,\nLead ${index}`;
  const fields: [string, string][] = [
    ['From', `Lead ${index} <${delivery.toAddress}>`],
    ['To', `Alice Hale <${senderAddress}>`],
    ['Subject', `${index % 5 === 0 ? 'RE' : 'Re'}: ${delivery.subject}`],
    ['Date', date(index)],
    ['Message-ID', `<reply-${index}@${delivery.toAddress.split('@')[1]}>`],
    ...(threaded
      ? ([
          ['In-Reply-To', delivery.messageId],
          ['References', delivery.messageId],
        ] as [string, string][])
      : []),
    ['MIME-Version', '1.0'],
  ];
  const text = (bytes: number) => `${opening}\n\n${quotedHistory(index, bytes, delivery)}\n`;
  // Every other reply also has an HTML part (as Gmail and Outlook send), taking half the size.
  if (index % 2 === 0) {
    const plain = text(Math.max(100, size / 2 - 600));
    const html = `<div dir="ltr">${opening.replace(/\n/g, '<br>')}</div><blockquote>${prose(index, Math.max(1, Math.floor(size / 2 / 80)), '<p>').replace(/\n/g, '</p>\n')}</p></blockquote>`;
    const boundary = `alt-${index}`;
    return `${headers([...fields, ['Content-Type', `multipart/alternative; boundary="${boundary}"`]])}\n\n--${boundary}\nContent-Type: text/plain; charset=utf-8\n\n${plain}\n--${boundary}\nContent-Type: text/html; charset=utf-8\n\n${html}\n--${boundary}--\n`;
  }
  return `${headers([...fields, ['Content-Type', 'text/plain; charset=utf-8']])}\n\n${text(size - 700)}`;
}

function autoReply(index: number, delivery: CorpusDelivery, shape: Shape, size: number): string {
  const outlook = shape === 'out_of_office';
  const fields: [string, string][] = [
    ['From', `Lead ${index} <${delivery.toAddress}>`],
    ['To', `Alice Hale <${senderAddress}>`],
    ['Subject', outlook ? `Automatic reply: ${delivery.subject}` : `Out of Office: ${delivery.subject}`],
    ['Date', date(index)],
    ['Message-ID', `<oof-${index}@${delivery.toAddress.split('@')[1]}>`],
    ['In-Reply-To', delivery.messageId],
    outlook ? ['X-Auto-Response-Suppress', 'All'] : ['Auto-Submitted', 'auto-replied'],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=utf-8'],
  ];
  const absence =
    index % 3 === 0
      ? 'Hello, I am out of the office until Monday 14th and will reply when I return.'
      : 'Thank you for your email. I am currently out of the office with limited access to email.';
  // Corporate signatures and disclaimers make up the rest.
  const footer = `--\nLead ${index}\n${prose(index, Math.max(1, Math.floor((size - 900) / 80)))}`;
  return `${headers(fields)}\n\n${absence}\n\n${footer}\n`;
}

function bounce(index: number, delivery: CorpusDelivery, shape: Shape, size: number): string {
  const returned = original(
    delivery,
    `Hi Lead ${index},\n\n${prose(index, Math.max(1, Math.floor((size - 1800) / 80)))}\n`,
  );
  if (shape === 'qmail_hard') {
    return `${headers([
      ['From', 'MAILER-DAEMON@mail.company.test'],
      ['To', senderAddress],
      ['Subject', 'failure notice'],
      ['Date', date(index)],
      ['Message-ID', `<qmail-${index}@mail.company.test>`],
    ])}\n\nHi. This is the qmail-send program at mail.company.test.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<${delivery.toAddress}>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n\nReturn-Path: <${senderAddress}>\n${returned}`;
  }
  const soft = shape === 'dsn_soft';
  const boundary = `dsn-${index}/mx.company.test`;
  return `${headers([
    ['From', 'Mail Delivery System <MAILER-DAEMON@mx.company.test>'],
    ['To', senderAddress],
    ['Subject', soft ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender'],
    ['Date', date(index)],
    ['Message-ID', `<dsn-${index}@mx.company.test>`],
    ['Auto-Submitted', 'auto-replied'],
    ['MIME-Version', '1.0'],
    ['Content-Type', `multipart/report; report-type=delivery-status;\n\tboundary="${boundary}"`],
  ])}

--${boundary}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.company.test.

${soft ? 'THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE.' : "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients."}

--${boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.company.test
Arrival-Date: Thu,  3 Dec 2026 10:00:00 +0000 (UTC)

Final-Recipient: rfc822; ${delivery.toAddress}
Original-Recipient: rfc822;${delivery.toAddress}
Action: ${soft ? 'delayed' : 'failed'}
Status: ${soft ? '4.2.2' : '5.1.1'}
Remote-MTA: dns; mx.company.test
Diagnostic-Code: smtp; ${soft ? `452 4.2.2 <${delivery.toAddress}>: Mailbox full` : `550 5.1.1 <${delivery.toAddress}>: Recipient address rejected: User unknown`}

--${boundary}
Content-Description: Undelivered Message
Content-Type: message/rfc822

${returned}
--${boundary}--
`;
}

function complaint(index: number, delivery: CorpusDelivery, size: number): string {
  const boundary = `arf-${index}`;
  const returned = original(delivery, `${prose(index, Math.max(1, Math.floor((size - 1600) / 80)))}\n`);
  return `${headers([
    ['From', 'staff@feedback.company.test'],
    ['To', `fbl@${senderAddress.split('@')[1]}`],
    ['Subject', 'complaint about message from 192.0.2.30'],
    ['Date', date(index)],
    ['Message-ID', `<fbl-${index}@feedback.company.test>`],
    ['MIME-Version', '1.0'],
    ['Content-Type', `multipart/report; report-type=feedback-report;\n     boundary="${boundary}"`],
  ])}

--${boundary}
Content-Type: text/plain; charset="US-ASCII"

This is an email abuse report for an email message received from IP
192.0.2.30 on Thu, 03 Dec 2026 10:00:00 +0000.

--${boundary}
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: SomeGenerator/1.0
Version: 1
Source-IP: 192.0.2.30
Original-Rcpt-To: <${delivery.toAddress}>
Arrival-Date: Thu, 03 Dec 2026 10:00:00 +0000

--${boundary}
Content-Type: message/rfc822

${returned}
--${boundary}--
`;
}

/** Mail that has nothing to do with our campaigns: invoices, colleagues, vendors; some with a PDF. */
function unrelated(index: number, size: number): string {
  const fields: [string, string][] = [
    ['From', `Vendor ${index} <billing@vendor${index % 331}.test>`],
    ['To', `Alice Hale <${senderAddress}>`],
    ['Subject', index % 2 ? `Invoice ${index} for November` : `Team lunch on Friday (${index})`],
    ['Date', date(index)],
    ['Message-ID', `<note-${index}@vendor${index % 331}.test>`],
    ['MIME-Version', '1.0'],
  ];
  const text = `Hello Alice,\n\nPlease find the details below.\n\n${prose(index, 4)}\n\nRegards,\nVendor ${index}\n`;
  if (size < 4096)
    return `${headers([...fields, ['Content-Type', 'text/plain; charset=utf-8']])}\n\n${text}${prose(index, Math.floor((size - 900) / 80))}\n`;
  const boundary = `mixed-${index}`;
  return `${headers([...fields, ['Content-Type', `multipart/mixed; boundary="${boundary}"`]])}

--${boundary}
Content-Type: text/plain; charset=utf-8

${text}
--${boundary}
Content-Type: application/pdf; name="document-${index}.pdf"
Content-Disposition: attachment; filename="document-${index}.pdf"
Content-Transfer-Encoding: base64

${base64Lines(size - 1000, index)}
--${boundary}--
`;
}

function build(index: number, size: number): string {
  const shape = shapeOf(index);
  const delivery = deliveryOf(index);
  if (!delivery) return unrelated(index, size);
  if (shape === 'threaded_reply' || shape === 'unthreaded_reply' || shape === 'remove_me')
    return personReply(index, delivery, shape, size);
  if (shape === 'out_of_office' || shape === 'rfc3834_auto_reply')
    return autoReply(index, delivery, shape, size);
  if (shape === 'arf_complaint') return complaint(index, delivery, size);
  return bounce(index, delivery, shape, size);
}

/** Raw message i of the corpus, CRLF line ends as on the wire, within a few percent of its planned size. */
export function corpusMessage(index: number): string {
  const size = sizeOf(index);
  // Each shape has its own fixed overhead: a second pass corrects the padding by the first's miss.
  const first = build(index, size).replace(/\r?\n/g, '\r\n');
  return build(index, Math.max(0, 2 * size - first.length)).replace(/\r?\n/g, '\r\n');
}
