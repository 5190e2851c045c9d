import type { components } from '../../gen/api-schema';

export type Mailbox = components['schemas']['Mailbox'];
type CreateMailbox = components['schemas']['CreateMailbox'];
type UpdateMailbox = components['schemas']['UpdateMailbox'];

/** What the form holds: text as typed, so a refused save keeps it exactly. */
export interface MailboxForm {
  name: string;
  fromName: string;
  fromAddress: string;
  smtpUrl: string;
  imapUrl: string;
  dailyCap: string;
  domainHourlyCap: string;
  /** Editing only: take the saved SMTP/IMAP URL away (a blank URL field keeps it). */
  removeSmtpUrl: boolean;
  removeImapUrl: boolean;
}

export type MailboxFormField = Exclude<keyof MailboxForm, 'removeSmtpUrl' | 'removeImapUrl'>;

/** Field messages found before asking the API (its own come back the same way, by field name). */
export type FormErrors = Partial<Record<MailboxFormField, string>>;

export const emptyMailboxForm: MailboxForm = {
  name: '',
  fromName: '',
  fromAddress: '',
  smtpUrl: '',
  imapUrl: '',
  dailyCap: '',
  domainHourlyCap: '',
  removeSmtpUrl: false,
  removeImapUrl: false,
};

/** The form for editing a mailbox: its fields, URL fields blank (the API never returns them). */
export function formOf(mailbox: Mailbox): MailboxForm {
  return {
    ...emptyMailboxForm,
    name: mailbox.name,
    fromName: mailbox.fromName,
    fromAddress: mailbox.fromAddress,
    dailyCap: String(mailbox.dailyCap),
    domainHourlyCap: String(mailbox.domainHourlyCap),
  };
}

/** A cap as typed: blank is "not given", anything else a whole number (the API checks its bounds). */
function capOf(text: string): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (!/^\d+$/.test(trimmed)) return { error: 'Enter a whole number, 0 or more.' };
  return { value: Number(trimmed) };
}

type Built<Body> = { body: Body; errors?: undefined } | { body?: undefined; errors: FormErrors };

/** POST /api/mailboxes' body: blank optional fields left out, so the API's defaults apply. */
export function createBodyOf(form: MailboxForm): Built<CreateMailbox> {
  const daily = capOf(form.dailyCap);
  const perDomain = capOf(form.domainHourlyCap);
  const errors = capErrors(daily, perDomain);
  if (errors) return { errors };
  const body: CreateMailbox = { name: form.name.trim(), fromAddress: form.fromAddress.trim() };
  if (form.fromName.trim()) body.fromName = form.fromName.trim();
  if (form.smtpUrl.trim()) body.smtpUrl = form.smtpUrl.trim();
  if (form.imapUrl.trim()) body.imapUrl = form.imapUrl.trim();
  if (daily.value !== undefined) body.dailyCap = daily.value;
  if (perDomain.value !== undefined) body.domainHourlyCap = perDomain.value;
  return { body };
}

/**
 * PATCH /api/mailboxes/{id}'s body: only what changed. A URL goes in when one was typed (it
 * replaces the saved one) or when removing it was asked (empty: the service's default transport,
 * or no inbox read); a blank URL field keeps what is saved.
 */
export function updateBodyOf(form: MailboxForm, saved: Mailbox): Built<UpdateMailbox> | { unchanged: true } {
  const daily = capOf(form.dailyCap);
  const perDomain = capOf(form.domainHourlyCap);
  const errors = capErrors(daily, perDomain);
  if (errors) return { errors };
  const body: UpdateMailbox = {};
  if (form.name.trim() !== saved.name) body.name = form.name.trim();
  if (form.fromName.trim() !== saved.fromName) body.fromName = form.fromName.trim();
  if (form.fromAddress.trim() !== saved.fromAddress) body.fromAddress = form.fromAddress.trim();
  if (daily.value !== undefined && daily.value !== saved.dailyCap) body.dailyCap = daily.value;
  if (perDomain.value !== undefined && perDomain.value !== saved.domainHourlyCap) {
    body.domainHourlyCap = perDomain.value;
  }
  const smtpUrl = form.removeSmtpUrl ? '' : form.smtpUrl.trim();
  if (form.removeSmtpUrl || smtpUrl) body.smtpUrl = smtpUrl;
  const imapUrl = form.removeImapUrl ? '' : form.imapUrl.trim();
  if (form.removeImapUrl || imapUrl) body.imapUrl = imapUrl;
  return Object.keys(body).length === 0 ? { unchanged: true } : { body };
}

function capErrors(daily: { error?: string }, perDomain: { error?: string }): FormErrors | undefined {
  if (!daily.error && !perDomain.error) return undefined;
  return {
    ...(daily.error ? { dailyCap: daily.error } : {}),
    ...(perDomain.error ? { domainHourlyCap: perDomain.error } : {}),
  };
}

/** Where a mailbox's emails go, in words (the URL itself is write-only). */
export function smtpEndpointOf(mailbox: Mailbox): string {
  if (mailbox.smtpHost === null) return 'No SMTP server of its own';
  const login = mailbox.hasCredentials ? ', with a login' : ', without a login';
  return `${mailbox.smtpHost}:${mailbox.smtpPort ?? ''}${login}`;
}

/** The mailbox's caps in words: 0 per domain is no limit. */
export function capsOf(mailbox: Mailbox): string {
  const perDomain =
    mailbox.domainHourlyCap === 0
      ? 'no per-domain limit'
      : `${mailbox.domainHourlyCap} an hour to one domain`;
  return `${mailbox.dailyCap} a day, ${perDomain}`;
}
