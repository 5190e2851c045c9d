import { classifySmtpError, classifySmtpSuccess } from './classify-smtp-outcome';

// Errors shaped as nodemailer's smtp-connection builds them (_formatError: code, command,
// responseCode, response); the int-spec produces the real ones against the SMTP sink.
const smtpError = (fields: { code: string; command?: string; responseCode?: number; message?: string }) =>
  Object.assign(new Error(fields.message ?? 'failure'), fields);

describe('classifySmtpSuccess', () => {
  it('takes the code and text of the final reply', () => {
    expect(classifySmtpSuccess('250 2.0.0 OK queued as 4F1')).toEqual({
      kind: 'sent',
      code: 250,
      response: '250 2.0.0 OK queued as 4F1',
    });
  });

  it('assumes 250 when the reply carries no code', () => {
    expect(classifySmtpSuccess('queued')).toMatchObject({ kind: 'sent', code: 250 });
  });
});

describe('classifySmtpError', () => {
  it('retries a 4xx at RCPT TO', () => {
    const error = smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451 });
    expect(classifySmtpError(error, false)).toMatchObject({ kind: 'retry', code: 451 });
  });

  it('retries a 4xx after the message (the server said it did not take it)', () => {
    const error = smtpError({ code: 'EMESSAGE', command: 'DATA', responseCode: 452 });
    expect(classifySmtpError(error, true)).toMatchObject({ kind: 'retry', code: 452 });
  });

  it('retries a 421 that ends the session, at any stage', () => {
    const error = smtpError({ code: 'ECONNECTION', command: 'CONN', responseCode: 421 });
    expect(classifySmtpError(error, true)).toMatchObject({ kind: 'retry', code: 421 });
    expect(classifySmtpError(error, false)).toMatchObject({ kind: 'retry', code: 421 });
  });

  it('fails a 5xx at RCPT TO as a bounce', () => {
    const error = smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 });
    expect(classifySmtpError(error, false)).toMatchObject({ kind: 'failed', code: 550, bounce: true });
  });

  it('fails a 5xx after the message, or at MAIL FROM, without calling it a bounce', () => {
    const afterData = smtpError({ code: 'EMESSAGE', command: 'DATA', responseCode: 554 });
    expect(classifySmtpError(afterData, true)).toMatchObject({ kind: 'failed', code: 554, bounce: false });
    const sender = smtpError({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 553 });
    expect(classifySmtpError(sender, false)).toMatchObject({ kind: 'failed', code: 553, bounce: false });
  });

  it('fails a 5xx to AUTH (the server refused the credentials)', () => {
    const error = smtpError({ code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535 });
    expect(classifySmtpError(error, false)).toMatchObject({ kind: 'failed', code: 535, bounce: false });
  });

  it('retries a refused connection, a DNS failure and a TLS failure', () => {
    for (const code of ['ESOCKET', 'ECONNECTION', 'EDNS', 'ETLS']) {
      expect(classifySmtpError(smtpError({ code, command: 'CONN' }), false)).toMatchObject({
        kind: 'retry',
        code: 0,
      });
    }
  });

  it('retries a greeting, auth or envelope timeout: the message had not been handed over', () => {
    const timeout = smtpError({ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' });
    expect(classifySmtpError(timeout, false)).toMatchObject({ kind: 'retry' });
  });

  it('calls a timeout after the whole message went out unknown', () => {
    const timeout = smtpError({ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' });
    expect(classifySmtpError(timeout, true)).toMatchObject({ kind: 'unknown' });
  });

  it('calls a dropped connection after the whole message went out unknown', () => {
    const dropped = smtpError({
      code: 'ECONNECTION',
      command: 'CONN',
      message: 'Connection closed unexpectedly',
    });
    expect(classifySmtpError(dropped, true)).toMatchObject({ kind: 'unknown' });
    const reset = smtpError({ code: 'ESOCKET', command: 'CONN', message: 'read ECONNRESET' });
    expect(classifySmtpError(reset, true)).toMatchObject({ kind: 'unknown' });
  });

  it('retries an aborted attempt before the message, and calls one after it unknown', () => {
    const aborted = smtpError({ code: 'EABORT', message: 'Message sending aborted' });
    expect(classifySmtpError(aborted, false)).toMatchObject({ kind: 'retry' });
    expect(classifySmtpError(aborted, true)).toMatchObject({ kind: 'unknown' });
  });

  it('fails what nodemailer refuses itself, since it would refuse it again', () => {
    const error = smtpError({ code: 'EENVELOPE', command: 'API', message: 'Invalid recipient "x"' });
    expect(classifySmtpError(error, false)).toMatchObject({ kind: 'failed', code: 0, bounce: false });
  });

  it('retries anything unrecognised before the message, e.g. a plain Error', () => {
    expect(classifySmtpError(new Error('boom'), false)).toMatchObject({ kind: 'retry', reason: 'boom' });
    expect(classifySmtpError('a string', false)).toMatchObject({ kind: 'retry' });
  });

  it('says which command failed and keeps the reason to one short line', () => {
    const error = smtpError({
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      message: `rejected:\r\n550 ${'x'.repeat(2000)}`,
    });
    const outcome = classifySmtpError(error, false);
    expect(
      outcome.kind === 'failed' && outcome.reason.startsWith('EENVELOPE at RCPT TO: rejected: 550'),
    ).toBe(true);
    expect(outcome.kind === 'failed' && outcome.reason.length).toBeLessThanOrEqual(500);
  });

  it("cleans the server's text: no AUTH payload, no credentials of the connection, in any form", () => {
    const credentials = { user: 'alice@corp.example', pass: 'S3cret-Pa55word' };
    const payload = Buffer.from(`\0${credentials.user}\0${credentials.pass}`).toString('base64');
    const error = smtpError({
      code: 'EAUTH',
      command: 'AUTH PLAIN',
      responseCode: 535,
      message: `Invalid login: 535 5.7.8 AUTH PLAIN ${payload} rejected for ${credentials.pass}\x1b[2J`,
    });
    const outcome = classifySmtpError(error, false, credentials);
    expect(outcome).toMatchObject({ kind: 'failed', code: 535 });
    const reason = outcome.kind === 'failed' ? outcome.reason : '';
    expect(reason).toBe(
      'EAUTH at AUTH PLAIN: Invalid login: 535 5.7.8 AUTH PLAIN [redacted] rejected for [redacted] [2J',
    );
    expect(classifySmtpSuccess(`250 ok ${credentials.pass}`, credentials)).toMatchObject({
      response: '250 ok [redacted]',
    });
  });
});
