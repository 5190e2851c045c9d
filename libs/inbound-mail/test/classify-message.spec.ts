import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClassifiedMessage, classifyMessage } from '../src';

const now = new Date('2026-12-04T12:00:00Z');

async function classified(fixture: string): Promise<ClassifiedMessage> {
  return classifyMessage(readFileSync(join(__dirname, 'fixtures', fixture)), { now });
}

describe('classifyMessage: replies from people', () => {
  it('reads a Gmail reply: threading headers newest first, the new text without the quoted original', async () => {
    const message = await classified('gmail-reply.eml');
    expect(message).toEqual({
      kind: 'reply',
      messageId: 'CAJx9+k3reply@mail.gmail.com',
      refersTo: ['followup.d2@coldreach.test', 'first.d1@coldreach.test'],
      from: 'bob@example.org',
      subject: 'Re: Quick question about Acme',
      sentAt: new Date('2026-12-03T20:01:00Z'),
      snippet: "Hi Alice, Yes, let's talk next week. Tuesday works. Bob",
    });
  });

  it.each([
    [
      'outlook-reply-threaded.eml',
      ['first.d7@coldreach.test'],
      "Thanks Alice, please send the pricing sheet over and I'll review it with the team. Dana",
    ],
    ['outlook-reply-unthreaded.eml', [], "Let's book 30 minutes on Monday. Dana"],
  ])(
    'cuts an Outlook reply at its "From: … Sent: …" quote header (%s)',
    async (fixture, refersTo, snippet) => {
      const message = await classified(fixture);
      expect(message).toMatchObject({ kind: 'reply', refersTo, snippet, from: 'dana.white@contoso.com' });
    },
  );

  it('keeps what is written between ">" quotes and drops the signature', async () => {
    const message = await classified('plain-quoted-reply.eml');
    expect(message.kind).toBe('reply');
    expect(message.snippet).toBe('Maybe, which days? How much does it cost?');
    expect(message.refersTo).toEqual(['followup.d9@coldreach.test', 'first.d8@coldreach.test']);
  });

  it('takes "please remove me" in the new text as an unsubscribe request', async () => {
    const message = await classified('remove-me.eml');
    expect(message).toMatchObject({
      kind: 'unsubscribe_request',
      snippet: 'Not interested. Please remove me from your list.',
    });
  });

  it('does not take the unsubscribe link of our own quoted email as a request', async () => {
    const message = await classified('unsubscribe-in-quote.eml');
    expect(message).toMatchObject({ kind: 'reply', snippet: 'Not right now, maybe in Q2. Keep in touch.' });
  });

  it('decodes a non-UTF-8 charset (ISO-8859-1) in headers and body', async () => {
    const message = await classified('latin1-reply.eml');
    expect(message).toMatchObject({
      kind: 'reply',
      subject: 'Référence : votre question',
      snippet: 'Très intéressé, appelez-moi demain à 10 h.',
      refersTo: ['first.d21@coldreach.test'],
    });
  });
});

describe('classifyMessage: auto-replies', () => {
  it('reads a Gmail out-of-office and its return date', async () => {
    const message = await classified('gmail-out-of-office.eml');
    expect(message.kind).toBe('auto_reply');
    expect(message.returnAt).toEqual(new Date('2027-01-12T00:00:00Z'));
    expect(message.refersTo).toEqual(['first.d12@coldreach.test']);
  });

  it('reads an Outlook out-of-office without a return date', async () => {
    const message = await classified('outlook-out-of-office.eml');
    expect(message.kind).toBe('auto_reply');
    expect(message.returnAt).toBeUndefined();
    expect(message.snippet).toContain('I am currently out of the office');
  });

  it('reads "until Monday 14th" as the next 14th', async () => {
    const message = await classified('outlook-out-of-office-until.eml');
    expect(message).toMatchObject({ kind: 'auto_reply', returnAt: new Date('2026-12-14T00:00:00Z') });
  });

  it('takes an RFC 3834 Auto-Submitted message as an auto-reply, whatever its words', async () => {
    const message = await classified('rfc3834-auto-reply.eml');
    expect(message.kind).toBe('auto_reply');
  });
});

describe('classifyMessage: bounces', () => {
  it.each<[string, NonNullable<ClassifiedMessage['bounce']>]>([
    [
      'dsn-hard.eml',
      {
        type: 'hard',
        status: '5.1.1',
        recipient: 'bob@example.org',
        diagnostic: '550 5.1.1 <bob@example.org>: Recipient address rejected',
        originalMessageId: 'orig-1@coldreach.test',
      },
    ],
    [
      'dsn-soft-delayed.eml',
      {
        type: 'soft',
        status: '4.2.2',
        recipient: 'jill@example.net',
        diagnostic: '452 4.2.2 <jill@example.net>: Mailbox full, try again later',
        originalMessageId: 'first.d15@coldreach.test',
      },
    ],
    [
      'qmail-bounce.eml',
      {
        type: 'hard',
        status: '5.1.1',
        recipient: 'kim@example.com',
        diagnostic: 'Sorry, no mailbox here by that name. (#5.1.1)',
        originalMessageId: 'first.d16@coldreach.test',
      },
    ],
    [
      'exim-bounce.eml',
      {
        type: 'hard',
        status: '5.1.1',
        recipient: 'leo@example.co.uk',
        diagnostic: '550 5.1.1 User unknown',
        originalMessageId: 'first.d17@coldreach.test',
      },
    ],
    [
      'postfix-plain-bounce.eml',
      {
        type: 'soft',
        status: '5.2.2',
        recipient: 'mia@example.org',
        diagnostic:
          '<mia@example.org>: host mx.example.org[192.0.2.20] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)',
        originalMessageId: 'first.d18@coldreach.test',
      },
    ],
    [
      'microsoft-undeliverable.eml',
      {
        type: 'hard',
        status: '5.1.10',
        recipient: 'nick@contoso.com',
        diagnostic:
          "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
        originalMessageId: 'first.d19@coldreach.test',
      },
    ],
    [
      'gmail-plain-bounce.eml',
      {
        type: 'hard',
        status: '5.1.1',
        recipient: 'pat.quinn@example.org',
        diagnostic: '550-5.1.1 The email account that you tried to reach does not exist.',
        originalMessageId: 'first.d22@coldreach.test',
      },
    ],
  ])('reads %s', async (fixture, bounce) => {
    const message = await classified(fixture);
    expect(message).toMatchObject({ kind: 'bounce', snippet: '', bounce });
  });
});

describe('classifyMessage: bounce codes in the text', () => {
  it.each([
    [
      'an address that looks like a status',
      '10.5.3.1 does not like recipient.\nRemote host said: 550 5.1.1 unknown user',
      'hard',
      '5.1.1',
    ],
    ['a full mailbox with a permanent code', 'Remote host said: 552 5.2.2 mailbox is full', 'soft', '5.2.2'],
    ['a temporary SMTP code alone', 'Remote host said: 451 try later', 'soft', ''],
    ['no code at all', 'Sorry, no mailbox here by that name.', 'hard', ''],
  ])('reads %s', async (_name, text, type, status) => {
    const raw = `From: MAILER-DAEMON@mx.example.com\nSubject: failure notice\n\n<bob@example.org>:\n${text}\n`;
    const message = await classifyMessage(raw, { now });
    expect(message.bounce).toMatchObject({ type, status, recipient: 'bob@example.org' });
  });
});

describe('classifyMessage: complaints', () => {
  it.each([
    ['arf-rfc822-headers.eml', 'olga@hotmail.com', 'first.d20@coldreach.test'],
    ['arf-message-rfc822.eml', 'carol@yahoo.com', 'orig-2@coldreach.test'],
  ])('reads an ARF report (%s)', async (fixture, recipient, originalMessageId) => {
    const message = await classified(fixture);
    expect(message).toMatchObject({
      kind: 'complaint',
      snippet: '',
      complaint: { recipient, originalMessageId },
    });
  });
});

describe('classifyMessage: other reports', () => {
  it.each([
    [
      'a read receipt',
      'disposition-notification',
      'message/disposition-notification',
      'Disposition: automatic-action/MDN-sent-automatically; displayed',
    ],
    [
      'a "delivered" DSN',
      'delivery-status',
      'message/delivery-status',
      'Reporting-MTA: dns; mx.test\n\nFinal-Recipient: rfc822; bob@example.org\nAction: delivered\nStatus: 2.0.0',
    ],
    [
      'an ARF "not-spam" report',
      'feedback-report',
      'message/feedback-report',
      'Feedback-Type: not-spam\nVersion: 1',
    ],
  ])('takes %s as machine-sent, not as a reply', async (_name, reportType, partType, report) => {
    const raw = [
      'From: Bob <bob@example.org>',
      'Subject: Read: Quick question',
      `Content-Type: multipart/report; report-type=${reportType}; boundary="r"`,
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'Please unsubscribe me.',
      '--r',
      `Content-Type: ${partType}`,
      '',
      report,
      '--r--',
      '',
    ].join('\n');
    const message = await classifyMessage(raw, { now });
    expect(message.kind).toBe('auto_reply');
  });
});

describe('classifyMessage: garbage', () => {
  it.each([
    ['binary noise', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['an empty message', ''],
    [
      'a multipart without its closing boundary',
      'Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\nContent-Type: message/delivery-status\n\nAction: failed',
    ],
    ['headers only, with a bad date', 'From: nobody\nDate: yesterday-ish\nSubject: ?'],
  ])('classifies %s without throwing', async (_name, raw) => {
    const message = await classifyMessage(raw, { now });
    expect(message.sentAt).toEqual(now);
    expect(message.snippet.length).toBeLessThanOrEqual(280);
  });
});
