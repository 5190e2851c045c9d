/** The answer to POST /api/leads/import. */
export const importReportSchema = {
  $id: 'ImportReport',
  type: 'object',
  description: 'accepted + rejected = submitted; accepted = created + merged.',
  required: ['submitted', 'accepted', 'rejected', 'created', 'merged', 'errors'],
  properties: {
    submitted: { type: 'integer', description: 'Data rows read (the header and blank lines are not rows).' },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    created: { type: 'integer', description: 'Rows that created a new lead.' },
    merged: {
      type: 'integer',
      description: 'Rows merged into a lead with the same email (earlier in the file or already stored).',
    },
    errors: {
      type: 'array',
      description: 'One per rejected row, in row order.',
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
  },
} as const;

export const importQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tags: {
      type: 'string',
      maxLength: 2000,
      description: 'Comma-separated tags added to every imported lead.',
    },
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
          file: { type: 'string', format: 'binary', description: csvFileDescription },
        },
      },
    },
    'text/csv': { schema: { type: 'string', description: csvFileDescription } },
  },
};
