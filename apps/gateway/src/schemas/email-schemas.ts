// JSON schemas of POST /email/send and GET /api/status/:id.
import { templateFieldLimits } from '@coldreach/outreach';
import { nullableString, nullableTime, requestTime, timeProperty } from './common-schemas';
import { sendStatusProperty } from './task-schemas';

export const sendEmailBodySchema = {
  $id: 'SendEmail',
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'mailboxId', 'subject'],
  description: 'One email to one lead; subject and bodies are templates with the campaign variables.',
  properties: {
    clientId: { type: 'string', format: 'uuid', description: 'The lead (client) to write to.' },
    mailboxId: { type: 'string', format: 'uuid', description: 'The mailbox it goes out from.' },
    subject: {
      type: 'string',
      minLength: 1,
      maxLength: templateFieldLimits.subject,
      description: 'Subject template.',
    },
    textBody: {
      type: 'string',
      maxLength: templateFieldLimits.textBody,
      description: 'Plain-text body template.',
    },
    htmlBody: { type: 'string', maxLength: templateFieldLimits.htmlBody, description: 'HTML body template.' },
    scheduledAt: requestTime('The earliest time to send; absent for now.'),
  },
} as const;

export const sendEmailAcceptedSchema = {
  $id: 'SendEmailAccepted',
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'The delivery id, for GET /api/status/{id}.' },
    status: sendStatusProperty,
  },
} as const;

export const sendStatusSchema = {
  $id: 'SendStatus',
  type: 'object',
  required: [
    'id',
    'status',
    'attempts',
    'lastError',
    'messageId',
    'scheduledAt',
    'sentAt',
    'campaignId',
    'stepId',
    'clientId',
    'mailboxId',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: sendStatusProperty,
    attempts: { type: 'integer', description: 'SMTP attempts so far.' },
    lastError: nullableString('The last SMTP reply or error (no credentials, no content).'),
    messageId: nullableString('The Message-ID header, once known.'),
    scheduledAt: nullableTime('The earliest time it may be sent.'),
    sentAt: nullableTime('When the SMTP server accepted it.'),
    campaignId: nullableString('The campaign; null for POST /email/send.'),
    stepId: nullableString('The step; null for POST /email/send.'),
    clientId: { type: 'string', format: 'uuid' },
    mailboxId: nullableString('The mailbox, once chosen.'),
    updatedAt: timeProperty,
  },
} as const;

export const emailSchemas = [sendEmailBodySchema, sendEmailAcceptedSchema, sendStatusSchema];

export interface SendEmailBody {
  clientId: string;
  mailboxId: string;
  subject: string;
  textBody?: string;
  htmlBody?: string;
  scheduledAt?: string;
}
