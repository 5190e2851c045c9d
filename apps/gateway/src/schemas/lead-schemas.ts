// JSON schemas of the lead routes: they validate requests, serialise responses and are the OpenAPI
// document. Limits mirror the Client service's own validation, which stays the authority (it also
// checks email syntax, phone, URLs and custom field keys, and reports each bad field).
import { leadVerificationProperty } from './verification-schemas';

export const verificationStatusNames = ['unverified', 'valid', 'risky', 'invalid', 'unknown'] as const;
export type VerificationStatusName = (typeof verificationStatusNames)[number];

const text = (description: string, maxLength = 200) => ({ type: 'string', maxLength, description }) as const;

const leadFieldProperties = {
  firstName: text('First name.'),
  lastName: text('Last name.'),
  company: text('Company name.'),
  title: text('Job title.'),
  phone: text('Phone number: digits with the usual separators, optional + and extension.', 50),
  website: text('Website: an http(s) URL or a bare domain such as acme.com.', 2048),
  sourceUrl: text('Where the lead was found: an absolute URL.', 2048),
  collectedAt: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'When the lead was collected (RFC 3339); null for unknown.',
  },
  verificationStatus: {
    type: 'string',
    enum: verificationStatusNames,
    description: 'How far the address is known to be deliverable.',
  },
  tags: {
    type: 'array',
    maxItems: 50,
    items: { type: 'string', minLength: 1, maxLength: 64 },
    description: 'Labels; duplicates are dropped.',
  },
  customFields: {
    type: 'object',
    maxProperties: 100,
    propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' },
    additionalProperties: { type: 'string', maxLength: 2000 },
    description: 'Free-form values for personalisation; keys are identifiers (letters, digits, underscore).',
  },
} as const;

const emailProperty = {
  type: 'string',
  minLength: 1,
  maxLength: 254,
  description: "The lead's address; trimmed and lower-cased, unique per workspace.",
} as const;

/** A lead as the API returns it. */
export const leadSchema = {
  $id: 'Lead',
  type: 'object',
  required: [
    'id',
    'email',
    'firstName',
    'lastName',
    'company',
    'title',
    'phone',
    'website',
    'sourceUrl',
    'collectedAt',
    'verificationStatus',
    'verification',
    'tags',
    'customFields',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Derived from the workspace and the email.' },
    email: emailProperty,
    ...leadFieldProperties,
    verification: leadVerificationProperty,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** POST /api/leads. */
export const createLeadBodySchema = {
  $id: 'CreateLead',
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: { email: emailProperty, ...leadFieldProperties },
} as const;

/** PATCH /api/leads/:id: the fields present are changed, the others left alone. */
export const updateLeadBodySchema = {
  $id: 'UpdateLead',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    email: { description: "Not accepted: the email is the lead's identity and cannot be changed (400)." },
    ...leadFieldProperties,
  },
} as const;

export const leadIdParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', description: "The lead's id (a UUID); anything else answers 404." },
  },
} as const;

const statusListPattern = `^(${verificationStatusNames.join('|')})(,(${verificationStatusNames.join('|')}))*$`;

export const leadSortNames = ['newest', 'oldest'] as const;
export type LeadSortName = (typeof leadSortNames)[number];

/** The filters and order GET /api/leads and GET /api/leads/export share. */
export const leadFilterQueryProperties = {
  status: {
    type: 'string',
    maxLength: 500,
    pattern: statusListPattern,
    description: 'Comma-separated verification statuses, any of which matches (e.g. valid,risky).',
  },
  tag: { type: 'string', maxLength: 64, description: 'Leads carrying this tag.' },
  company: { type: 'string', maxLength: 200, description: 'Company name, case-insensitive exact match.' },
  q: {
    type: 'string',
    maxLength: 200,
    description: 'Case-insensitive substring of name, email or company.',
  },
  source: {
    type: 'string',
    maxLength: 200,
    description: 'Case-insensitive substring of the source URL (e.g. a domain).',
  },
  sort: {
    type: 'string',
    enum: leadSortNames,
    default: 'newest',
    description: 'By creation time: newest first (the default) or oldest first.',
  },
} as const;

export const listLeadsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Page size.' },
    cursor: {
      type: 'string',
      maxLength: 2048,
      description: 'nextCursor of the previous page, with the same filters and sort.',
    },
    ...leadFilterQueryProperties,
  },
} as const;

export const exportLeadsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: leadFilterQueryProperties,
} as const;

export const leadPageSchema = {
  $id: 'LeadPage',
  type: 'object',
  required: ['data', 'nextCursor'],
  properties: {
    data: {
      type: 'array',
      items: { $ref: 'Lead#' },
      description: 'In the order asked for (newest first by default).',
    },
    nextCursor: { type: ['string', 'null'], description: 'null on the last page.' },
  },
} as const;

/** The body types the schemas above admit. */
export interface LeadFieldsBody {
  firstName?: string;
  lastName?: string;
  company?: string;
  title?: string;
  phone?: string;
  website?: string;
  sourceUrl?: string;
  collectedAt?: string | null;
  verificationStatus?: VerificationStatusName;
  tags?: string[];
  customFields?: Record<string, string>;
}
export interface CreateLeadBody extends LeadFieldsBody {
  email: string;
}
export interface UpdateLeadBody extends LeadFieldsBody {
  email?: unknown;
}
export interface LeadFilterQuery {
  status?: string;
  tag?: string;
  company?: string;
  q?: string;
  source?: string;
  sort?: LeadSortName;
}
export interface ListLeadsQuery extends LeadFilterQuery {
  limit: number;
  cursor?: string;
}
