// JSON schemas of a campaign's leads: the clients taking part and where each stands in its sequence.
import { SequenceState } from '@coldreach/contracts';
import { commaListPattern, enumNames } from '../mapping/proto-values';
import {
  enumListQuery,
  nullableString,
  nullableTime,
  pageQueryProperties,
  pageSchema,
  timeProperty,
  type PageQuery,
} from './common-schemas';

export const sequenceStateNames = enumNames(SequenceState);

export const campaignLeadSchema = {
  $id: 'CampaignLead',
  type: 'object',
  required: [
    'campaignId',
    'clientId',
    'email',
    'state',
    'lastSentPosition',
    'nextPosition',
    'nextSendAt',
    'mailboxId',
    'addedAt',
    'endedAt',
  ],
  properties: {
    campaignId: { type: 'string', format: 'uuid' },
    clientId: { type: 'string', format: 'uuid', description: 'The lead (client) id.' },
    email: { type: 'string', description: 'The address when the lead joined.' },
    state: {
      type: 'string',
      enum: sequenceStateNames,
      description: 'active while steps remain; completed, or stopped_* with the reason it stopped.',
    },
    lastSentPosition: { type: 'integer', description: 'The last step sent; 0 for none yet.' },
    nextPosition: { type: 'integer', description: 'The next step to send; 0 when the sequence ended.' },
    nextSendAt: nullableTime('When the next step falls due, when known.'),
    mailboxId: nullableString('The mailbox its emails go out from; null until the first is scheduled.'),
    addedAt: timeProperty,
    endedAt: nullableTime('When the sequence completed or stopped.'),
  },
} as const;

export const campaignLeadPageSchema = pageSchema(
  'CampaignLeadPage',
  'CampaignLead',
  'Most recently added first.',
);

export const addLeadsBodySchema = {
  $id: 'AddLeads',
  type: 'object',
  additionalProperties: false,
  description: 'Exactly one of clientIds and useTargetCriteria.',
  properties: {
    clientIds: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: { type: 'string', format: 'uuid' },
      description:
        'Leads (client ids) of the workspace; one that does not exist fails the whole call (404 naming it).',
    },
    useTargetCriteria: {
      type: 'boolean',
      description: "true: add every client matching the campaign's targetCriteria now.",
    },
  },
} as const;

export const addLeadsResultSchema = {
  $id: 'AddLeadsResult',
  type: 'object',
  required: ['added', 'alreadyPresent'],
  properties: {
    added: { type: 'integer', description: 'Leads that joined with this call.' },
    alreadyPresent: { type: 'integer', description: 'Clients that were leads already (left as is).' },
  },
} as const;

export const listCampaignLeadsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQueryProperties,
    state: enumListQuery(commaListPattern(sequenceStateNames), 'Comma-separated sequence states.'),
  },
} as const;

export const campaignLeadSchemas = [
  campaignLeadSchema,
  campaignLeadPageSchema,
  addLeadsBodySchema,
  addLeadsResultSchema,
];

export interface AddLeadsBody {
  clientIds?: string[];
  useTargetCriteria?: boolean;
}
export interface ListCampaignLeadsQuery extends PageQuery {
  state?: string;
}
