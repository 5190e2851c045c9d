import { simpleParser, type AddressObject } from 'mailparser';
import { buildMimeMessage, quotedPrintableLine, type OutgoingEmail } from './mime-message';

const base: OutgoingEmail = {
  fromName: 'Grace at Acme',
  fromAddress: 'grace@acme.example',
  to: 'ada@lovelace.example',
  subject: 'Hello Ada',
  text: 'Hi Ada,\nshall we talk?\n',
  html: '',
  messageId: '<0b9f6c1e-58a4-4f4e-9c49-3c1a4f7d2b11@acme.example>',
  inReplyTo: '',
  unsubscribeUrl: 'https://reach.example.com/unsubscribe/abc.def',
};

function firstAddress(value: AddressObject | AddressObject[] | undefined) {
  const object = Array.isArray(value) ? value[0] : value;
  return object?.value[0];
}

async function parse(raw: Buffer) {
  return simpleParser(raw);
}

function linesOf(raw: Buffer): string[] {
  return raw.toString('utf8').split('\r\n');
}

describe('buildMimeMessage', () => {
  it('builds a plain ASCII email with the RFC 8058 headers, CRLF line ends and 7bit text', async () => {
    const raw = buildMimeMessage(base, new Date('2026-11-22T10:00:00Z'));
    const text = raw.toString('utf8');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain('Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n');
    expect(text).toContain('Content-Transfer-Encoding: 7bit\r\n');
    const mail = await parse(raw);
    expect(firstAddress(mail.from)).toEqual({ name: 'Grace at Acme', address: 'grace@acme.example' });
    expect(firstAddress(mail.to)).toEqual({ name: '', address: 'ada@lovelace.example' });
    expect(mail.subject).toBe('Hello Ada');
    expect(mail.messageId).toBe(base.messageId);
    expect(mail.text).toBe('Hi Ada,\nshall we talk?\n');
    expect(text).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    expect(text).toContain('List-Unsubscribe: <https://reach.example.com/unsubscribe/abc.def>\r\n');
    expect(mail.inReplyTo).toBeUndefined();
  });

  it('encodes what is not ASCII and keeps every line within 78 characters', async () => {
    const subject = 'Grüße aus Zürich, ein Angebot für Sie 🙂 '.repeat(5).trim();
    const body = `Liebe Zoë,\n${'ünd '.repeat(400)}\n  trailing spaces  \n.\n= sign and ==\n`;
    const email = { ...base, fromName: 'Zoë "the" Boss', subject, text: body };
    const raw = buildMimeMessage(email);
    for (const line of linesOf(raw)) expect(line.length).toBeLessThanOrEqual(78);
    expect(raw.toString('utf8')).toContain('Content-Transfer-Encoding: quoted-printable');
    const mail = await parse(raw);
    expect(mail.subject).toBe(subject);
    expect(firstAddress(mail.from)?.name).toBe('Zoë "the" Boss');
    expect(mail.text).toBe(body);
  });

  it('folds a long ASCII subject at spaces and quotes a display name with specials', async () => {
    const subject = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const raw = buildMimeMessage({ ...base, fromName: 'Acme, Inc. "Sales"', subject });
    for (const line of linesOf(raw)) expect(line.length).toBeLessThanOrEqual(78);
    const mail = await parse(raw);
    expect(mail.subject).toBe(subject);
    expect(firstAddress(mail.from)).toEqual({ name: 'Acme, Inc. "Sales"', address: 'grace@acme.example' });
  });

  it('sends HTML and text as multipart/alternative, with threading headers', async () => {
    const email = {
      ...base,
      html: '<p>Hi <b>Ada</b> — hello</p>',
      text: 'Hi Ada — hello',
      inReplyTo: '<first@acme.example>',
    };
    const mail = await parse(buildMimeMessage(email));
    expect(mail.html).toBe('<p>Hi <b>Ada</b> — hello</p>');
    expect(mail.text).toBe('Hi Ada — hello');
    expect(mail.inReplyTo).toBe('<first@acme.example>');
    expect(mail.references).toBe('<first@acme.example>');
  });

  it('writes an internationalised domain in its ASCII form', () => {
    const raw = buildMimeMessage({ ...base, to: 'ada@bücher.example' }).toString('utf8');
    expect(raw).toContain('To: <ada@xn--bcher-kva.example>\r\n');
  });

  it('never lets a field add a header line', async () => {
    const mail = await parse(buildMimeMessage({ ...base, subject: 'Hi\r\nBcc: eve@evil.example' }));
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.subject).toBe('Hi\r\nBcc: eve@evil.example');
    expect(() => buildMimeMessage({ ...base, to: 'ada@lovelace.example\r\nBcc: eve@evil.example' })).toThrow(
      'an email address of the message is not valid',
    );
    expect(() => buildMimeMessage({ ...base, unsubscribeUrl: 'https://x.example/\r\nBcc: e@x' })).toThrow(
      'the unsubscribe URL cannot go in a header',
    );
    expect(() => buildMimeMessage({ ...base, messageId: 'no-brackets@acme.example' })).toThrow(
      'the Message-ID header of the message is not valid',
    );
  });
});

describe('quotedPrintableLine', () => {
  it('encodes "=", non-ASCII bytes and whitespace at the end, with soft breaks at 76', () => {
    expect(quotedPrintableLine('a=b ü ')).toBe('a=3Db =C3=BC=20');
    const encoded = quotedPrintableLine('x'.repeat(200));
    const lines = encoded.split('\r\n');
    expect(lines.every((line) => line.length <= 76)).toBe(true);
    expect(lines.slice(0, -1).every((line) => line.endsWith('='))).toBe(true);
    expect(lines.map((line) => line.replace(/=$/, '')).join('')).toBe('x'.repeat(200));
  });

  it('never splits an escape across a soft break', () => {
    const encoded = quotedPrintableLine('ü'.repeat(60));
    for (const line of encoded.split('\r\n')) {
      expect(line.replace(/=$/, '')).toMatch(/^(=[0-9A-F]{2})*$/);
    }
  });
});
