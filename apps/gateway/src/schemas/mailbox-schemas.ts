// JSON schemas of mailboxes. The SMTP URL is write-only: no response schema has it, so it can never
// be serialised into an answer.
import { mailboxFieldLimits } from '@coldreach/outreach';
import { nullableString, pageSchema, timeProperty } from './common-schemas';

const smtpUrlProperty = {
  type: 'string',
  maxLength: mailboxFieldLimits.smtpUrl,
  pattern: '^(smtps?://.+)?$',
  writeOnly: true,
  description:
    'Write-only, never returned or logged: smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465. ' +
    "Empty for the service's default transport (its SMTP_URL, or the catcher in embedded mode).",
} as const;

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
    createdAt: timeProperty,
    updatedAt: timeProperty,
  },
} as const;

export const createMailboxBodySchema = {
  $id: 'CreateMailbox',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'fromAddress'],
  properties: { ...mailboxFieldProperties, smtpUrl: smtpUrlProperty },
} as const;

/** PATCH: the SMTP URL is replaced only when smtpUrl is present. */
export const updateMailboxBodySchema = {
  $id: 'UpdateMailbox',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { ...mailboxFieldProperties, smtpUrl: smtpUrlProperty },
} as const;

export const testSmtpUrlBodySchema = {
  $id: 'TestSmtpUrl',
  type: 'object',
  additionalProperties: false,
  required: ['smtpUrl'],
  properties: { smtpUrl: { ...smtpUrlProperty, minLength: 1 } },
} as const;

export const mailboxTestResultSchema = {
  $id: 'MailboxTestResult',
  type: 'object',
  required: ['ok', 'detail', 'latencyMs'],
  properties: {
    ok: { type: 'boolean', description: 'Connecting, TLS, EHLO, AUTH and QUIT all worked.' },
    detail: { type: 'string', description: 'What happened (never credentials).' },
    latencyMs: { type: 'integer', description: 'From connecting to QUIT.' },
  },
} as const;

export const mailboxPageSchema = pageSchema('MailboxPage', 'Mailbox', 'Newest first.');

export const mailboxSchemas = [
  mailboxSchema,
  createMailboxBodySchema,
  updateMailboxBodySchema,
  testSmtpUrlBodySchema,
  mailboxTestResultSchema,
  mailboxPageSchema,
];

export interface MailboxFieldsBody {
  name?: string;
  smtpUrl?: string;
  fromName?: string;
  fromAddress?: string;
  dailyCap?: number;
  domainHourlyCap?: number;
}
