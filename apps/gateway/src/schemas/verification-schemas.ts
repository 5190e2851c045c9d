// JSON schemas of the verification routes: they bound every input, serialise the answers and are the
// OpenAPI document. The Verification service (in the Scraper service's process) decides every verdict;
// the gateway only refuses what is not an address before asking it.
import { VerificationJobStatus, verificationStatusNames } from '@coldreach/contracts';
import { enumNames } from '../mapping/proto-values';
import { nullableString, nullableTime, timeProperty } from './common-schemas';

export const verdictNames = ['safe', 'risky', 'invalid', 'unknown'] as const;
export const verificationJobStatusNames = enumNames(VerificationJobStatus);
/** Longest value POST /api/verify takes (RFC 3696 errata's 320: a 64-character local part, @, 255). */
export const maxVerifyInputLength = 320;

/** One check of an address: on a lead (`verification`), and in POST /api/verify's answer. */
export const verificationResultProperties = {
  verdict: {
    type: 'string',
    enum: verdictNames,
    description: 'safe, risky, invalid or unknown (could not tell: the reasons say why).',
  },
  reasons: {
    type: 'array',
    items: { type: 'string' },
    description: 'Every reason that led there, e.g. mx_found, role_account, catch_all, smtp_rejected: 550 ….',
  },
  mxHost: nullableString('The mail host checked (the best MX, or the domain itself without MX).'),
  checkedAt: timeProperty,
  fromCache: {
    type: 'boolean',
    description: "The domain's facts (MX, catch-all) came from the verifier's cache, not a fresh lookup.",
  },
} as const;

/** A lead's `verification`: its last check, or null while never checked. */
export const leadVerificationProperty = {
  type: ['object', 'null'],
  required: Object.keys(verificationResultProperties),
  properties: verificationResultProperties,
  description: 'The last check of the address (POST /api/leads/{id}/verify, a bulk job, a hard bounce).',
} as const;

export const verifyAddressBodySchema = {
  $id: 'VerifyAddress',
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: {
      type: 'string',
      maxLength: maxVerifyInputLength,
      description: 'The address to check; nothing is stored.',
    },
  },
} as const;

export const addressVerificationSchema = {
  $id: 'AddressVerification',
  type: 'object',
  required: ['email', 'status', ...Object.keys(verificationResultProperties)],
  properties: {
    email: { type: 'string', description: 'The address as checked (trimmed and lower-cased).' },
    status: {
      type: 'string',
      enum: verificationStatusNames,
      description: 'The lead status the verdict means: safe → valid, risky, invalid, unknown.',
    },
    ...verificationResultProperties,
  },
} as const;

const statusListProperty = {
  anyOf: [
    { type: 'string', enum: verificationStatusNames },
    {
      type: 'array',
      minItems: 1,
      maxItems: verificationStatusNames.length,
      uniqueItems: true,
      items: { type: 'string', enum: verificationStatusNames },
    },
  ],
  description:
    'One lead status or a list, any of which matches (e.g. "unverified" or ["unverified","unknown"]).',
} as const;

/** Which leads a bulk job checks; the same filters as GET /api/leads. */
const filterProperties = {
  tag: { type: 'string', minLength: 1, maxLength: 64, description: 'Leads carrying this tag.' },
  verificationStatus: statusListProperty,
  company: { type: 'string', minLength: 1, maxLength: 200, description: 'Company name, case-insensitive.' },
  query: {
    type: 'string',
    minLength: 1,
    maxLength: 200,
    description: 'Case-insensitive substring of name, email or company.',
  },
} as const;

export const createVerificationJobBodySchema = {
  $id: 'CreateVerificationJob',
  type: 'object',
  additionalProperties: false,
  required: ['filter'],
  description: 'A bulk check of the leads matching a filter; `{"filter": {}}` checks every lead.',
  properties: {
    filter: { type: 'object', additionalProperties: false, properties: filterProperties },
  },
} as const;

export const verificationJobSchema = {
  $id: 'VerificationJob',
  type: 'object',
  required: [
    'id',
    'kind',
    'status',
    'total',
    'checked',
    'byResult',
    'filter',
    'errorMessage',
    'createdAt',
    'startedAt',
    'endedAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Also the id GET /api/status takes.' },
    kind: { type: 'string', enum: ['verification'], description: 'Tells it apart in GET /api/status.' },
    status: {
      type: 'string',
      enum: verificationJobStatusNames,
      description: 'queued → running → succeeded | failed | cancelled.',
    },
    total: {
      type: 'integer',
      description: 'Leads the filter matched when the job started (0 while queued).',
    },
    checked: { type: 'integer', description: 'Addresses checked so far.' },
    byResult: {
      type: 'object',
      required: [...verdictNames],
      properties: Object.fromEntries(verdictNames.map((verdict) => [verdict, { type: 'integer' }])),
      description: 'How the checked addresses came out.',
    },
    filter: {
      type: 'object',
      required: ['tag', 'verificationStatus', 'company', 'query'],
      properties: {
        tag: nullableString('null: any tag.'),
        verificationStatus: {
          type: 'array',
          items: { type: 'string' },
          description: 'Empty: any status.',
        },
        company: nullableString('null: any company.'),
        query: nullableString('null: no search.'),
      },
    },
    errorMessage: nullableString('Why the job failed; null unless it did.'),
    createdAt: timeProperty,
    startedAt: nullableTime('When its leads were listed; null while queued.'),
    endedAt: nullableTime('When it succeeded, failed or was cancelled.'),
    updatedAt: timeProperty,
  },
} as const;

export const verificationSettingsSchema = {
  $id: 'VerificationSettings',
  type: 'object',
  additionalProperties: false,
  required: ['autoVerifyNewLeads'],
  properties: {
    autoVerifyNewLeads: {
      type: 'boolean',
      description:
        'Check every new lead (typed, imported or found by a crawl) as it is created. Default false.',
    },
  },
} as const;

export const verificationSchemas = [
  verifyAddressBodySchema,
  addressVerificationSchema,
  createVerificationJobBodySchema,
  verificationJobSchema,
  verificationSettingsSchema,
];

export type VerificationStatusFilter = (typeof verificationStatusNames)[number];

export interface VerifyAddressBody {
  email: string;
}
export interface CreateVerificationJobBody {
  filter: {
    tag?: string;
    verificationStatus?: VerificationStatusFilter | VerificationStatusFilter[];
    company?: string;
    query?: string;
  };
}
export interface VerificationSettingsBody {
  autoVerifyNewLeads: boolean;
}
