/** The answer to POST /api/leads/import. */
export const importReportSchema = {
  $id: 'ImportReport',
  type: 'object',
  description:
    'accepted + rejected = submitted; accepted = created + merged. Its size does not grow with the file: ' +
    'rejections are counted by reason, and only the first ones are listed.',
  required: [
    'submitted',
    'accepted',
    'rejected',
    'created',
    'merged',
    'rejectedByReason',
    'errors',
    'errorsTruncated',
  ],
  properties: {
    submitted: { type: 'integer', description: 'Data rows read (the header and blank lines are not rows).' },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    created: { type: 'integer', description: 'Rows that created a new lead.' },
    merged: {
      type: 'integer',
      description: 'Rows merged into a lead with the same email (earlier in the file or already stored).',
    },
    rejectedByReason: {
      type: 'object',
      description:
        'Rejected rows counted by kind of reason, e.g. {"email: is required": 3}. Parts that vary from ' +
        'row to row (column counts, tag positions, custom field names) are left out of the key; at most ' +
        '50 kinds, any further ones counted under "other reasons". The counts add up to rejected.',
      additionalProperties: { type: 'integer' },
    },
    errors: {
      type: 'array',
      description:
        'The first rejected rows in row order, with the full reason; at most IMPORT_MAX_REPORTED_ERRORS ' +
        '(1000 by default).',
      items: {
        type: 'object',
        required: ['row', 'reason'],
        properties: {
          row: {
            type: 'integer',
            description: '1 is the first data row after the header; blank lines are not counted.',
          },
          reason: { type: 'string' },
        },
      },
    },
    errorsTruncated: {
      type: 'boolean',
      description: 'True when more rows were rejected than errors lists (rejected > errors.length).',
    },
  },
} as const;

const mappingDescription =
  'What each column fills, instead of guessing from the header: a JSON array with one entry per ' +
  'column, each a lead field (email, firstName, lastName, company, title, phone, website, sourceUrl, ' +
  'tags, collectedAt, verificationStatus), "custom:<key>" or "ignore". One column must be email.';

export const importQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tags: {
      type: 'string',
      maxLength: 2000,
      description: 'Comma-separated tags added to every imported lead.',
    },
    progressId: {
      type: 'string',
      format: 'uuid',
      description:
        'A UUID the client chooses; while the upload streams, GET /api/leads/import-progress/{progressId} ' +
        'answers how far it has got.',
    },
    mapping: {
      type: 'string',
      maxLength: 20_000,
      description: mappingDescription,
    },
  },
} as const;

export interface ImportQuery {
  tags?: string;
  progressId?: string;
  mapping?: string;
}

export const importProgressSchema = {
  $id: 'ImportProgress',
  type: 'object',
  required: ['state', 'bytesRead', 'totalBytes', 'rows', 'accepted', 'rejected', 'detail', 'updatedAt'],
  properties: {
    state: {
      type: 'string',
      enum: ['running', 'finished', 'failed'],
      description: "running while rows are read; the upload's answer carries the full report.",
    },
    bytesRead: { type: 'integer', description: 'Bytes of the file read so far.' },
    totalBytes: {
      type: ['integer', 'null'],
      description: "The upload's Content-Length (the multipart envelope included); null when not sent.",
    },
    rows: { type: 'integer', description: 'Data rows read so far.' },
    accepted: { type: 'integer', description: 'Rows created or merged so far.' },
    rejected: { type: 'integer', description: 'Rows rejected so far.' },
    detail: { type: ['string', 'null'], description: 'Why a failed import stopped.' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const csvFileDescription =
  'A CSV file whose first row is a header naming an email column. Recognised headers (any case, any ' +
  'punctuation): email / e-mail / Email Address, first_name / First Name, last_name, company / ' +
  'organization, title / Job Title, phone, website / url, source_url, tags (";"-separated), ' +
  'collected_at, verification_status. Any other column becomes a custom field named in snake_case.';

/** Documentation only (the body is a stream the route reads itself): added to the OpenAPI document. */
export const importBodyDocumentation = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          tags: {
            type: 'string',
            description: 'Comma-separated tags for every row; send it before the file part.',
          },
          mapping: { type: 'string', description: `${mappingDescription} Send it before the file part.` },
          file: { type: 'string', format: 'binary', description: csvFileDescription },
        },
      },
    },
    'text/csv': { schema: { type: 'string', description: csvFileDescription } },
  },
};

/** POST /api/leads/import/columns. */
export const importColumnsBodySchema = {
  $id: 'ImportColumns',
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: {
    text: {
      type: 'string',
      minLength: 1,
      maxLength: 65_536,
      description: 'The start of the file (its first 64 KiB are plenty): the header row and a row or two.',
    },
    complete: {
      type: 'boolean',
      default: false,
      description: 'The text is the whole file (else a last row without its line break is left out).',
    },
  },
} as const;

export const importColumnGuessesSchema = {
  $id: 'ImportColumnGuesses',
  type: 'object',
  required: ['header', 'sample', 'columns'],
  properties: {
    header: { type: 'array', items: { type: 'string' }, description: 'The header row, one cell per column.' },
    sample: {
      type: 'array',
      items: { type: 'string' },
      description: 'The first data row (empty when the text holds none).',
    },
    columns: {
      type: 'array',
      items: {
        type: 'object',
        required: ['target', 'customKey'],
        properties: {
          target: {
            type: 'string',
            description:
              'A mapping entry (see the import\'s mapping): a lead field, "custom:<key>" or "ignore". A ' +
              'second column for a field already taken becomes a custom field.',
          },
          customKey: {
            type: 'string',
            description: 'The custom field key the header makes (snake_case), empty when it has none.',
          },
        },
      },
    },
  },
} as const;

export interface ImportColumnsBody {
  text: string;
  complete?: boolean;
}
