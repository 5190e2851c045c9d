// JSON schemas of tasks (one per campaign, lead and step) and of the status of anything sent.
import { TaskStatus } from '@coldreach/contracts';
import { commaListPattern, enumNames } from '../mapping/proto-values';
import {
  enumListQuery,
  nullableString,
  nullableTime,
  pageQueryProperties,
  pageSchema,
  requestTime,
  timeProperty,
  uuidQuery,
  type PageQuery,
} from './common-schemas';

/** The ledger's statuses, shared by tasks and deliveries. */
export const sendStatusNames = enumNames(TaskStatus);

export const sendStatusProperty = {
  type: 'string',
  enum: sendStatusNames,
  description:
    'pending → scheduled → claimed → sending → sent | failed | suppressed | unknown, or cancelled ' +
    '(withdrawn before a worker claimed it); a sent email may then turn replied (tasks) or bounced, as ' +
    "read from the mailbox's inbox. unknown: the outcome is ambiguous and it is never re-sent " +
    'automatically (see POST /api/deliveries/{id}/retry).',
} as const;

export const taskSchema = {
  $id: 'Task',
  type: 'object',
  required: [
    'id',
    'campaignId',
    'clientId',
    'stepId',
    'stepPosition',
    'status',
    'scheduledAt',
    'attempts',
    'lastError',
    'messageId',
    'mailboxId',
    'createdAt',
    'updatedAt',
    'sentAt',
  ],
  properties: {
    id: {
      type: 'string',
      format: 'uuid',
      description: 'Also the delivery id and the id GET /api/status takes.',
    },
    campaignId: { type: 'string', format: 'uuid' },
    clientId: { type: 'string', format: 'uuid' },
    stepId: { type: 'string', format: 'uuid' },
    stepPosition: { type: 'integer' },
    status: sendStatusProperty,
    scheduledAt: nullableTime('The earliest time it may be sent; null while it waits for the previous step.'),
    attempts: { type: 'integer', description: 'SMTP attempts so far.' },
    lastError: nullableString('The last SMTP reply or error (no credentials, no content).'),
    messageId: nullableString('The Message-ID header, once known.'),
    mailboxId: nullableString('The mailbox it goes out from, once chosen.'),
    createdAt: timeProperty,
    updatedAt: timeProperty,
    sentAt: nullableTime('When the SMTP server accepted it.'),
  },
} as const;

export const taskPageSchema = pageSchema('TaskPage', 'Task', 'Most recently scheduled first.');

export const createTaskBodySchema = {
  $id: 'CreateTask',
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'stepId'],
  properties: {
    clientId: {
      type: 'string',
      format: 'uuid',
      description: 'A lead of the workspace (it joins the campaign if it is not a lead yet).',
    },
    stepId: { type: 'string', format: 'uuid' },
    scheduledAt: requestTime('The earliest time to send; absent for as soon as the schedule and caps allow.'),
  },
} as const;

export const listTasksQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQueryProperties,
    status: enumListQuery(commaListPattern(sendStatusNames), 'Comma-separated statuses (e.g. sent,failed).'),
    clientId: uuidQuery("Only this lead's tasks."),
    stepId: uuidQuery("Only this step's tasks."),
  },
} as const;

export const taskSchemas = [taskSchema, taskPageSchema, createTaskBodySchema];

export interface CreateTaskBody {
  clientId: string;
  stepId: string;
  scheduledAt?: string;
}
export interface ListTasksQuery extends PageQuery {
  status?: string;
  clientId?: string;
  stepId?: string;
}
