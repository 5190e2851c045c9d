// JSON schemas of the workspace's suppression list: addresses no email goes to.
import { SuppressionReason } from '@coldreach/contracts';
import { commaListPattern, enumNames } from '../mapping/proto-values';
import {
  enumListQuery,
  nullableString,
  pageQueryProperties,
  pageSchema,
  timeProperty,
  type PageQuery,
} from './common-schemas';

export const suppressionReasonNames = enumNames(SuppressionReason);

const emailProperty = {
  type: 'string',
  minLength: 1,
  maxLength: 254,
  description: 'An address; trimmed and lower-cased.',
} as const;

export const suppressionSchema = {
  $id: 'Suppression',
  type: 'object',
  required: ['email', 'reason', 'note', 'deliveryId', 'createdAt'],
  properties: {
    email: emailProperty,
    reason: {
      type: 'string',
      enum: suppressionReasonNames,
      description: 'unsubscribe, hard_bounce, complaint or manual.',
    },
    note: { type: 'string' },
    deliveryId: nullableString('The delivery that led to it (unsubscribed from, bounced), when any.'),
    createdAt: timeProperty,
  },
} as const;

export const addSuppressionBodySchema = {
  $id: 'AddSuppression',
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: emailProperty,
    reason: { type: 'string', enum: suppressionReasonNames, description: 'Default manual.' },
    note: { type: 'string', maxLength: 1000 },
  },
} as const;

export const checkSuppressionBodySchema = {
  $id: 'CheckSuppression',
  type: 'object',
  additionalProperties: false,
  required: ['emails'],
  properties: { emails: { type: 'array', minItems: 1, maxItems: 1000, items: emailProperty } },
} as const;

export const checkSuppressionResultSchema = {
  $id: 'CheckSuppressionResult',
  type: 'object',
  required: ['suppressed'],
  properties: {
    suppressed: {
      type: 'array',
      items: { $ref: 'Suppression#' },
      description: 'The entries of the suppressed addresses among those asked, in request order.',
    },
  },
} as const;

export const suppressionPageSchema = pageSchema('SuppressionPage', 'Suppression', 'Newest first.');

export const listSuppressionsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQueryProperties,
    reason: enumListQuery(commaListPattern(suppressionReasonNames), 'Comma-separated reasons.'),
    q: { type: 'string', maxLength: 254, description: 'Case-insensitive substring of the address.' },
  },
} as const;

export const removeSuppressionParamsSchema = {
  type: 'object',
  required: ['email'],
  properties: { email: { ...emailProperty, description: 'The address (URL-encoded).' } },
} as const;

export const removeSuppressionQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    force: {
      type: 'boolean',
      default: false,
      description:
        'Required to remove an unsubscribe or complaint entry: the recipient asked not to be contacted.',
    },
  },
} as const;

export const suppressionSchemas = [
  suppressionSchema,
  addSuppressionBodySchema,
  checkSuppressionBodySchema,
  checkSuppressionResultSchema,
  suppressionPageSchema,
];

export interface AddSuppressionBody {
  email: string;
  reason?: string;
  note?: string;
}
export interface ListSuppressionsQuery extends PageQuery {
  reason?: string;
  q?: string;
}
