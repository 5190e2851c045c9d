// JSON schemas of mailboxes. The SMTP and IMAP URLs are write-only: no response schema has them, so
// they can never be serialised into an answer.
import { mailboxFieldLimits } from '@coldreach/outreach';
import { nullableString, nullableTime, pageSchema, timeProperty } from './common-schemas';

const smtpUrlProperty = {
  type: 'string',
  maxLength: mailboxFieldLimits.smtpUrl,
  pattern: '^(smtps?://.+)?$',
  writeOnly: true,
  description:
    'Write-only, never returned or logged: smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465. ' +
    "Empty for the service's default transport (its SMTP_URL, or the catcher in embedded mode).",
} as const;

const imapUrlProperty = {
  type: 'string',
  // The Email service takes URLs of the same bound for both protocols.
  maxLength: mailboxFieldLimits.smtpUrl,
  pattern: '^(imaps?://.+)?$',
  writeOnly: true,
  description:
    'Write-only, never returned or logged: imaps://user:pass@host:993 (implicit TLS) or ' +
    'imap://user:pass@host:143 (STARTTLS). Its INBOX is read for replies, bounces and complaints. ' +
    'Empty: nothing is read.',
} as const;

/** Both URLs a create or update body may carry. */
const urlProperties = { smtpUrl: smtpUrlProperty, imapUrl: imapUrlProperty } as const;

const mailboxFieldProperties = {
  name: {
    type: 'string',
    minLength: 1,
    maxLength: mailboxFieldLimits.name,
    description: 'A label, e.g. "Sales – Alice".',
  },
  fromName: {
    type: 'string',
    maxLength: mailboxFieldLimits.fromName,
    description: 'Display name in the From header.',
  },
  fromAddress: {
    type: 'string',
    minLength: 1,
    maxLength: mailboxFieldLimits.fromAddress,
    description: 'Address in the From header.',
  },
  dailyCap: {
    type: 'integer',
    minimum: 0,
    maximum: mailboxFieldLimits.dailyCap,
    description: 'Emails that may start sending per UTC day; 0 on create means 200.',
  },
  domainHourlyCap: {
    type: 'integer',
    minimum: 0,
    maximum: mailboxFieldLimits.domainHourlyCap,
    description: 'Emails per hour to one recipient domain; 0 for no limit.',
  },
} as const;

export const mailboxSchema = {
  $id: 'Mailbox',
  type: 'object',
  required: [
    'id',
    'name',
    'fromName',
    'fromAddress',
    'smtpHost',
    'smtpPort',
    'hasCredentials',
    'dailyCap',
    'domainHourlyCap',
    'imapHost',
    'imapPort',
    'inboxReadAt',
    'inboxError',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    ...mailboxFieldProperties,
    smtpHost: nullableString("From the SMTP URL; null for the service's default transport."),
    smtpPort: { type: ['integer', 'null'] },
    hasCredentials: {
      type: 'boolean',
      description: 'The SMTP URL carries a user and password (stored encrypted).',
    },
    imapHost: nullableString('From the IMAP URL; null when its inbox is not read.'),
    imapPort: { type: ['integer', 'null'] },
    inboxReadAt: nullableTime('When its INBOX was last read to the end; null before the first read.'),
    inboxError: nullableString('Why the last read of its INBOX failed; null when it worked.'),
    createdAt: timeProperty,
    updatedAt: timeProperty,
  },
} as const;

export const createMailboxBodySchema = {
  $id: 'CreateMailbox',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'fromAddress'],
  properties: { ...mailboxFieldProperties, ...urlProperties },
} as const;

/** PATCH: a URL is replaced only when its field is present. */
export const updateMailboxBodySchema = {
  $id: 'UpdateMailbox',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { ...mailboxFieldProperties, ...urlProperties },
} as const;

export const testSmtpUrlBodySchema = {
  $id: 'TestSmtpUrl',
  type: 'object',
  additionalProperties: false,
  required: ['smtpUrl'],
  properties: { smtpUrl: { ...smtpUrlProperty, minLength: 1 } },
} as const;

export const testImapUrlBodySchema = {
  $id: 'TestImapUrl',
  type: 'object',
  additionalProperties: false,
  required: ['imapUrl'],
  properties: { imapUrl: { ...imapUrlProperty, minLength: 1 } },
} as const;

export const mailboxTestResultSchema = {
  $id: 'MailboxTestResult',
  type: 'object',
  required: ['ok', 'detail', 'latencyMs'],
  properties: {
    ok: {
      type: 'boolean',
      description:
        'Every step worked: connecting, TLS, EHLO, AUTH and QUIT (SMTP); connecting, TLS, LOGIN, ' +
        'SELECT INBOX and LOGOUT (IMAP).',
    },
    detail: { type: 'string', description: 'What happened (never credentials).' },
    latencyMs: { type: 'integer', description: 'From connecting to QUIT or LOGOUT.' },
  },
} as const;

export const mailboxPageSchema = pageSchema('MailboxPage', 'Mailbox', 'Newest first.');

export const mailboxSchemas = [
  mailboxSchema,
  createMailboxBodySchema,
  updateMailboxBodySchema,
  testSmtpUrlBodySchema,
  testImapUrlBodySchema,
  mailboxTestResultSchema,
  mailboxPageSchema,
];

export interface MailboxFieldsBody {
  name?: string;
  smtpUrl?: string;
  imapUrl?: string;
  fromName?: string;
  fromAddress?: string;
  dailyCap?: number;
  domainHourlyCap?: number;
}
