import type { FieldViolation } from '@coldreach/errors';

// Services name fields as their protos do (client.first_name, filter.tag, page_token); REST callers
// sent body.firstName, query.tag, query.cursor. Violations are renamed once, here; a route renames
// the request fields only it can place (e.g. client_id → params.clientId) through `callService`.
const requestFields: Record<string, string> = {
  page_size: 'query.limit',
  page_token: 'query.cursor',
  'filter.verification_statuses': 'query.status',
  'filter.statuses': 'query.status',
  'filter.states': 'query.state',
  'filter.reasons': 'query.reason',
  'filter.tag': 'query.tag',
  'filter.company': 'query.company',
  'filter.query': 'query.q',
  'filter.to_address': 'query.to',
  'filter.campaign_id': 'query.campaignId',
  'filter.client_id': 'query.clientId',
  'filter.mailbox_id': 'query.mailboxId',
  'filter.delivery_id': 'query.deliveryId',
  'filter.step_id': 'query.stepId',
  update_mask: 'body',
  id: 'params.id',
  campaign_id: 'params.id',
};

/** Input message fields whose REST name is not just their camelCase. */
const inputRenames: Record<string, string> = {
  subject_template: 'subject',
  text_body_template: 'textBody',
  html_body_template: 'htmlBody',
  delay: 'delayMinutes',
  scheduled_time: 'scheduledAt',
};

// The input messages of campaigns, steps and mailboxes are the REST bodies; a step template named by
// the template check (`steps[2].subject`) is the body field of that step.
const inputPrefix = /^(?:campaign|step|mailbox|steps\[\d+\])\.(.+)$/s;

/** The REST name of a field a service violation names. */
export function restFieldName(field: string): string {
  if (field.startsWith('client.')) return `body.${camelCasePath(field.slice('client.'.length))}`;
  if (field.startsWith('update_mask')) return 'body';
  for (const [prefix, name] of Object.entries(requestFields)) {
    if (field === prefix || field.startsWith(`${prefix}[`) || field.startsWith(`${prefix}.`)) return name;
  }
  const input = inputPrefix.exec(field);
  if (input) return `body.${restInputPath(input[1] ?? '')}`;
  return field;
}

/** `schedule.window_start.hour` → `schedule.windowStart` (REST times are "HH:MM" strings). */
export function restInputPath(path: string): string {
  return path
    .split('.')
    .map((segment) => {
      const match = /^([a-z_]+)(.*)$/s.exec(segment);
      if (!match) return segment;
      const [, head = '', rest = ''] = match;
      return (inputRenames[head] ?? snakeToCamel(head)) + rest;
    })
    .join('.')
    .replace(/^(schedule\.window(?:Start|End))\.(?:hour|minute)$/, '$1');
}

function snakeToCamel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function restViolations(violations: readonly FieldViolation[]): FieldViolation[] {
  return violations.map((v) => ({ field: restFieldName(v.field), message: v.message }));
}

/** `custom_fields.plan_name` → `customFields.plan_name`: only the first segment is a proto field. */
function camelCasePath(path: string): string {
  const match = /^([a-z_]+)(.*)$/s.exec(path);
  if (!match) return path;
  const [, head = '', rest = ''] = match;
  return head.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) + rest;
}

interface AjvErrorLike {
  instancePath: string;
  /** Set on the errors of a `propertyNames` subschema, which the `propertyNames` error itself repeats. */
  propertyName?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Fastify's validation errors (Ajv), one violation per bad field, named like `body.tags[2]`. */
export function validationViolations(errors: readonly AjvErrorLike[], context: string): FieldViolation[] {
  const root = context === 'querystring' ? 'query' : context;
  const seen = new Set<string>();
  const violations: FieldViolation[] = [];
  for (const error of errors) {
    if (error.propertyName !== undefined) continue;
    let path = error.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : `${acc}.${segment}`), root);
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      path = `${path}.${String(error.params.missingProperty)}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      path = `${path}.${String(error.params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (error.keyword === 'propertyNames') {
      path = `${path}.${String(error.params.propertyName)}`;
      message =
        'must start with a letter or underscore and hold only letters, digits and underscores (at most 64)';
    } else if (error.keyword === 'minProperties' && path === 'body') {
      message = 'must name at least one field';
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push({ field: path.slice(0, 200), message });
  }
  return violations;
}
