import { DomainError } from '@coldreach/errors';
import type { MailboxInput } from './mailbox';
import { mailboxInputFields, parseMailboxUpdateMask, validateMailboxInput } from './validate-mailbox-input';

const input = (overrides: Partial<MailboxInput> = {}): MailboxInput => ({
  name: 'Sales',
  smtpUrl: '',
  fromName: 'Alice',
  fromAddress: 'Alice@Example.com',
  dailyCap: 0,
  domainHourlyCap: 0,
  imapUrl: '',
  ...overrides,
});

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.violations.map((v) => v.field);
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('validateMailboxInput', () => {
  const create = { fields: mailboxInputFields, creating: true };

  it('fills defaults on create and normalises the from address', () => {
    expect(validateMailboxInput(input(), create)).toEqual({
      name: 'Sales',
      smtp: null,
      fromName: 'Alice',
      fromAddress: 'alice@example.com',
      dailyCap: 200,
      domainHourlyCap: 0,
      imap: null,
    });
  });

  it('names every bad field', () => {
    expect(
      fieldsOf(() =>
        validateMailboxInput(
          input({
            name: ' ',
            smtpUrl: 'http://x',
            fromAddress: 'nope',
            dailyCap: 100_001,
            domainHourlyCap: -1,
            imapUrl: 'imaps://nobody@x',
            fromName: 'a\r\nBcc: x@y.z',
          }),
          create,
        ),
      ),
    ).toEqual([
      'mailbox.name',
      'mailbox.smtp_url',
      'mailbox.from_name',
      'mailbox.from_address',
      'mailbox.daily_cap',
      'mailbox.domain_hourly_cap',
      'mailbox.imap_url',
    ]);
  });

  it('refuses a zero daily cap on update', () => {
    expect(fieldsOf(() => validateMailboxInput(input(), { fields: ['daily_cap'], creating: false }))).toEqual(
      ['mailbox.daily_cap'],
    );
  });

  it('parses masks and names unknown paths', () => {
    expect(parseMailboxUpdateMask(['name', 'name', 'smtp_url'])).toEqual(['name', 'smtp_url']);
    expect(fieldsOf(() => parseMailboxUpdateMask([]))).toEqual(['update_mask']);
    expect(fieldsOf(() => parseMailboxUpdateMask(['name', 'smtpUrl']))).toEqual(['update_mask.paths[1]']);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('names each field of the call holding a NUL or a lone surrogate', () => {
    const bad = input({ name: 'S\u0000', fromName: '\udc00', fromAddress: 'a\u0000@example.com' });
    expect(
      fieldsOf(() => validateMailboxInput(bad, { fields: ['name', 'from_name'], creating: false })),
    ).toEqual(['mailbox.name', 'mailbox.from_name']);
    expect(fieldsOf(() => validateMailboxInput(bad, { fields: mailboxInputFields, creating: true }))).toEqual(
      expect.arrayContaining(['mailbox.name', 'mailbox.from_name', 'mailbox.from_address']),
    );
  });
});
