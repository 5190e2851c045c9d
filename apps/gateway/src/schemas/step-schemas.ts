// JSON schemas of a campaign's steps. Templates are checked by the Campaign service when saved: an
// unknown variable or a broken template answers 400 naming the field (body.subject…) and the variable.
import { stepFieldLimits, templateFieldLimits } from '@coldreach/outreach';
import { timeProperty } from './common-schemas';

const stepFieldProperties = {
  position: {
    type: 'integer',
    minimum: 0,
    maximum: 1000,
    description: 'Place in the sequence (1 = first); 0 or one past the last appends, others move down.',
  },
  delayMinutes: {
    type: 'integer',
    minimum: 0,
    maximum: stepFieldLimits.delayMinutes,
    description:
      'Minutes after the previous step was sent (the first step: after the lead joined a launched campaign).',
  },
  subject: {
    type: 'string',
    maxLength: templateFieldLimits.subject,
    description: 'Subject template, e.g. Quick question, {{first_name | "there"}}?',
  },
  textBody: {
    type: 'string',
    maxLength: templateFieldLimits.textBody,
    description: 'Plain-text body template.',
  },
  htmlBody: {
    type: 'string',
    maxLength: templateFieldLimits.htmlBody,
    description: 'HTML body template; with it the email is multipart/alternative.',
  },
} as const;

export const stepSchema = {
  $id: 'Step',
  type: 'object',
  required: [
    'id',
    'campaignId',
    'position',
    'delayMinutes',
    'subject',
    'textBody',
    'htmlBody',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    campaignId: { type: 'string', format: 'uuid' },
    ...stepFieldProperties,
    createdAt: timeProperty,
    updatedAt: timeProperty,
  },
} as const;

export const createStepBodySchema = {
  $id: 'CreateStep',
  type: 'object',
  additionalProperties: false,
  required: ['subject'],
  properties: stepFieldProperties,
} as const;

export const updateStepBodySchema = {
  $id: 'UpdateStep',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: stepFieldProperties,
} as const;

export const stepListSchema = {
  $id: 'StepList',
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'array', items: { $ref: 'Step#' }, description: 'In sequence order.' } },
} as const;

export const stepSchemas = [stepSchema, createStepBodySchema, updateStepBodySchema, stepListSchema];

export interface StepFieldsBody {
  position?: number;
  delayMinutes?: number;
  subject?: string;
  textBody?: string;
  htmlBody?: string;
}
