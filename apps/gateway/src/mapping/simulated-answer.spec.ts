import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { simpleParser } from 'mailparser';
import { buildSimulatedAnswer, defaultReplyText, type AnsweredMessage } from './simulated-answer';

const caught: AnsweredMessage = {
  envelopeFrom: 'sales@sender.example',
  envelopeTo: ['ada@example.com'],
  subject: 'Hi Ada',
  textBody: 'Hello Ada,\nshall we talk?',
  messageId: '<d1e2@sender.example>',
  catchTime: timestampFromDate(new Date('2026-12-01T10:00:00Z')),
  headers: [
    { name: 'From', value: 'Sales Team <sales@sender.example>' },
    { name: 'To', value: 'ada@example.com' },
    { name: 'Subject', value: 'Hi Ada' },
    { name: 'Message-ID', value: '<d1e2@sender.example>' },
    { name: 'References', value: '<first@sender.example>' },
    { name: 'X-Not-Ascii', value: 'café' },
  ],
};

const parse = async (kind: Parameters<typeof buildSimulatedAnswer>[1], text?: string) =>
  simpleParser(await buildSimulatedAnswer(caught, kind, text, new Date('2026-12-02T08:00:00Z')));

describe('buildSimulatedAnswer', () => {
  it('answers as the recipient, threaded on the caught Message-ID, with the default text', async () => {
    const reply = await parse('reply');
    expect(reply.from?.value).toEqual([{ address: 'ada@example.com', name: '' }]);
    expect(reply.to && !Array.isArray(reply.to) && reply.to.value).toEqual([
      { address: 'sales@sender.example', name: 'Sales Team' },
    ]);
    expect(reply.subject).toBe('Re: Hi Ada');
    expect(reply.inReplyTo).toBe('<d1e2@sender.example>');
    expect(reply.references).toEqual(['<first@sender.example>', '<d1e2@sender.example>']);
    expect(reply.messageId).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
    expect(reply.text).toContain(defaultReplyText);
    expect(reply.text).toContain('> shall we talk?');
    expect(reply.headers.get('auto-submitted')).toBeUndefined();
  });

  it('marks an out-of-office as auto-replied with a return date, and keeps given words', async () => {
    const away = await parse('auto-reply');
    expect(away.headers.get('auto-submitted')).toBe('auto-replied');
    expect(away.subject).toBe('Automatic reply: Hi Ada');
    expect(away.text).toContain('out of the office until 2026-12-09');
    const removal = await parse('unsubscribe');
    expect(removal.text).toContain('Please remove me from your list.');
    expect((await parse('reply', 'Gerne, rufen Sie mich an — Ada')).text).toContain(
      'Gerne, rufen Sie mich an — Ada',
    );
  });

  it('bounces as an RFC 3464 report from MAILER-DAEMON with the status and the original headers', async () => {
    const raw = (await buildSimulatedAnswer(caught, 'bounce', 'ignored')).toString('utf8');
    expect(raw).toMatch(/^From: Mail Delivery System <MAILER-DAEMON@example\.com>\r\n/);
    expect(raw).toContain('To: <sales@sender.example>\r\n');
    expect(raw).toMatch(/Content-Type: multipart\/report; report-type=delivery-status; boundary="/);
    expect(raw).toContain('Final-Recipient: rfc822; ada@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n');
    expect(raw).toContain('Content-Type: text/rfc822-headers\r\n\r\nFrom: Sales Team <sales@sender.example>');
    expect(raw).toContain('Message-ID: <d1e2@sender.example>\r\n');
    // A header that is not plain ASCII would break the report; it is left out.
    expect(raw).not.toContain('X-Not-Ascii');
    expect(raw).not.toContain('ignored');
    const parsed = await simpleParser(Buffer.from(raw));
    expect(parsed.subject).toBe('Undelivered Mail Returned to Sender');
  });
});
