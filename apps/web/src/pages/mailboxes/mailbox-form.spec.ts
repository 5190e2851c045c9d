import {
  capsOf,
  createBodyOf,
  emptyMailboxForm,
  formOf,
  smtpEndpointOf,
  updateBodyOf,
  type Mailbox,
} from './mailbox-form';

const saved: Mailbox = {
  id: '0b8c2a9e-8d0c-4d8e-9d7e-1a2b3c4d5e6f',
  name: 'Sales',
  fromName: 'Ann',
  fromAddress: 'ann@example.com',
  smtpHost: 'smtp.example.com',
  smtpPort: 587,
  hasCredentials: true,
  dailyCap: 200,
  domainHourlyCap: 0,
  imapHost: null,
  imapPort: null,
  inboxReadAt: null,
  inboxError: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('createBodyOf', () => {
  it('leaves blank optional fields out so the API defaults apply, and trims', () => {
    const built = createBodyOf({ ...emptyMailboxForm, name: ' Sales ', fromAddress: ' ann@example.com ' });
    expect(built).toEqual({ body: { name: 'Sales', fromAddress: 'ann@example.com' } });
  });

  it('sends every field that was filled, caps as numbers', () => {
    const built = createBodyOf({
      ...emptyMailboxForm,
      name: 'Sales',
      fromName: 'Ann',
      fromAddress: 'ann@example.com',
      smtpUrl: 'smtp://ann:secret@smtp.example.com:587',
      imapUrl: 'imaps://ann:secret@imap.example.com',
      dailyCap: '150',
      domainHourlyCap: '0',
    });
    expect(built.body).toEqual({
      name: 'Sales',
      fromName: 'Ann',
      fromAddress: 'ann@example.com',
      smtpUrl: 'smtp://ann:secret@smtp.example.com:587',
      imapUrl: 'imaps://ann:secret@imap.example.com',
      dailyCap: 150,
      domainHourlyCap: 0,
    });
  });

  it.each(['12.5', '-1', 'lots', '1e3'])('refuses a cap of %s beside its field, sending nothing', (cap) => {
    const built = createBodyOf({
      ...emptyMailboxForm,
      name: 'S',
      fromAddress: 'a@b.c',
      dailyCap: cap,
      domainHourlyCap: cap,
    });
    expect(built.body).toBeUndefined();
    expect(Object.keys(built.errors ?? {})).toEqual(['dailyCap', 'domainHourlyCap']);
  });
});

describe('updateBodyOf', () => {
  it('says unchanged when nothing was changed (a blank URL field keeps the saved URL)', () => {
    expect(updateBodyOf(formOf(saved), saved)).toEqual({ unchanged: true });
  });

  it('sends only the changed caps', () => {
    expect(updateBodyOf({ ...formOf(saved), dailyCap: '50', domainHourlyCap: '20' }, saved)).toEqual({
      body: { dailyCap: 50, domainHourlyCap: 20 },
    });
  });

  it('replaces the SMTP URL when one is typed', () => {
    const built = updateBodyOf({ ...formOf(saved), smtpUrl: 'smtps://u:p@mail.example.com:465' }, saved);
    expect(built).toEqual({ body: { smtpUrl: 'smtps://u:p@mail.example.com:465' } });
  });

  it('sends empty URLs when removing them was asked, whatever is typed', () => {
    const built = updateBodyOf(
      { ...formOf(saved), smtpUrl: 'smtp://x', removeSmtpUrl: true, removeImapUrl: true },
      saved,
    );
    expect(built).toEqual({ body: { smtpUrl: '', imapUrl: '' } });
  });

  it('refuses a cap that is not a whole number', () => {
    expect(updateBodyOf({ ...formOf(saved), dailyCap: '1.5' }, saved)).toEqual({
      errors: { dailyCap: 'Enter a whole number, 0 or more.' },
    });
  });
});

describe('what a mailbox shows', () => {
  it('names the SMTP server without its URL', () => {
    expect(smtpEndpointOf(saved)).toBe('smtp.example.com:587, with a login');
    expect(smtpEndpointOf({ ...saved, smtpHost: null, smtpPort: null, hasCredentials: false })).toBe(
      'No SMTP server of its own',
    );
  });

  it('says a per-domain cap of 0 is no limit', () => {
    expect(capsOf(saved)).toBe('200 a day, no per-domain limit');
    expect(capsOf({ ...saved, domainHourlyCap: 10 })).toBe('200 a day, 10 an hour to one domain');
  });
});
