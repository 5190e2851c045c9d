// JSON schemas of the delivery ledger and of the emails caught instead of sent.
import {
  enumListQuery,
  nullableString,
  nullableTime,
  pageQueryProperties,
  pageSchema,
  timeProperty,
  uuidQuery,
  type PageQuery,
} from './common-schemas';
import { DeliveryStatus } from '@coldreach/contracts';
import { commaListPattern, enumNames } from '../mapping/proto-values';
import { sendStatusProperty } from './task-schemas';

// A delivery's statuses are a task's without those only a campaign task reaches (replied).
const deliveryStatusNames = enumNames(DeliveryStatus);

export const deliverySchema = {
  $id: 'Delivery',
  type: 'object',
  required: [
    'id',
    'campaignId',
    'stepId',
    'stepPosition',
    'clientId',
    'mailboxId',
    'toAddress',
    'subject',
    'status',
    'scheduledAt',
    'attempts',
    'nextAttemptAt',
    'lastError',
    'lastSmtpCode',
    'messageId',
    'createdAt',
    'updatedAt',
    'sentAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'The task id for campaign emails.' },
    campaignId: nullableString('null for POST /email/send.'),
    stepId: nullableString('null for POST /email/send.'),
    stepPosition: { type: 'integer', description: '0 for POST /email/send.' },
    clientId: { type: 'string' },
    mailboxId: { type: 'string' },
    toAddress: { type: 'string' },
    subject: { type: 'string', description: 'The rendered subject; empty until rendered.' },
    status: sendStatusProperty,
    scheduledAt: nullableTime('The earliest time it may be sent.'),
    attempts: { type: 'integer' },
    nextAttemptAt: nullableTime('When the next retry may start after a 4xx or a refused connection.'),
    lastError: nullableString('The last SMTP reply or error (no credentials, no content).'),
    lastSmtpCode: { type: ['integer', 'null'], description: 'The last SMTP reply code (250, 421, 550…).' },
    messageId: { type: 'string', description: 'The Message-ID header, kept across retries.' },
    createdAt: timeProperty,
    updatedAt: timeProperty,
    sentAt: nullableTime('When the SMTP server accepted it.'),
  },
} as const;

export const deliveryPageSchema = pageSchema('DeliveryPage', 'Delivery', 'Most recently created first.');

export const listDeliveriesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQueryProperties,
    status: enumListQuery(commaListPattern(deliveryStatusNames), 'Comma-separated statuses (e.g. unknown).'),
    campaignId: uuidQuery("Only this campaign's deliveries."),
    clientId: uuidQuery("Only this lead's deliveries."),
    mailboxId: uuidQuery("Only this mailbox's deliveries."),
  },
} as const;

export const caughtMessageSchema = {
  $id: 'CaughtMessage',
  type: 'object',
  required: [
    'id',
    'deliveryId',
    'campaignId',
    'mailboxId',
    'envelopeFrom',
    'envelopeTo',
    'subject',
    'textBody',
    'htmlBody',
    'headers',
    'messageId',
    'sizeBytes',
    'caughtAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    deliveryId: { type: 'string' },
    campaignId: nullableString('null for POST /email/send.'),
    mailboxId: { type: 'string' },
    envelopeFrom: { type: 'string' },
    envelopeTo: { type: 'array', items: { type: 'string' } },
    subject: { type: 'string' },
    textBody: { type: 'string' },
    htmlBody: { type: 'string' },
    headers: {
      type: 'array',
      description: 'Every header line in order (List-Unsubscribe, Message-ID…).',
      items: {
        type: 'object',
        required: ['name', 'value'],
        properties: { name: { type: 'string' }, value: { type: 'string' } },
      },
    },
    messageId: { type: 'string' },
    sizeBytes: { type: 'integer', description: 'Size of the whole MIME message.' },
    caughtAt: timeProperty,
  },
} as const;

export const caughtMessagePageSchema = pageSchema('CaughtMessagePage', 'CaughtMessage', 'Newest first.');

export const listCaughtMessagesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQueryProperties,
    campaignId: uuidQuery("Only this campaign's messages."),
    deliveryId: uuidQuery("Only this delivery's message."),
    to: {
      type: 'string',
      maxLength: 254,
      description: 'An envelope recipient, case-insensitive exact match.',
    },
  },
} as const;

export const deliverySchemas = [
  deliverySchema,
  deliveryPageSchema,
  caughtMessageSchema,
  caughtMessagePageSchema,
];

export interface ListDeliveriesQuery extends PageQuery {
  status?: string;
  campaignId?: string;
  clientId?: string;
  mailboxId?: string;
}
export interface ListCaughtMessagesQuery extends PageQuery {
  campaignId?: string;
  deliveryId?: string;
  to?: string;
}
