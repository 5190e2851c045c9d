// POST /api/leads/bulk: one action over up to 500 leads picked by id, reported per id.
export const leadBulkActionNames = ['delete', 'addTag', 'removeTag', 'verify'] as const;
export type LeadBulkActionName = (typeof leadBulkActionNames)[number];
export const maxBulkIds = 500;

export const leadBulkBodySchema = {
  $id: 'LeadBulkAction',
  type: 'object',
  additionalProperties: false,
  required: ['ids', 'action'],
  properties: {
    ids: {
      type: 'array',
      minItems: 1,
      maxItems: maxBulkIds,
      items: { type: 'string', maxLength: 64 },
      description: 'The leads to act on; duplicates count once.',
    },
    action: {
      type: 'string',
      enum: leadBulkActionNames,
      description:
        'delete; addTag / removeTag (with tag); verify (checks each address now, as POST /api/leads/{id}/verify).',
    },
    tag: { type: 'string', minLength: 1, maxLength: 64, description: 'The tag for addTag and removeTag.' },
  },
} as const;

export const leadBulkResultSchema = {
  $id: 'LeadBulkResult',
  type: 'object',
  required: ['action', 'succeeded', 'failed'],
  properties: {
    action: { type: 'string', enum: leadBulkActionNames },
    succeeded: { type: 'integer', description: 'How many leads the action was done to.' },
    failed: {
      type: 'array',
      description: 'The leads it was not done to, and why (not found, invalid, a service error).',
      items: {
        type: 'object',
        required: ['id', 'reason'],
        properties: { id: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
} as const;

export const leadBulkSchemas = [leadBulkBodySchema, leadBulkResultSchema];

export interface LeadBulkBody {
  ids: string[];
  action: LeadBulkActionName;
  tag?: string;
}
export interface LeadBulkResult {
  action: LeadBulkActionName;
  succeeded: number;
  failed: { id: string; reason: string }[];
}
