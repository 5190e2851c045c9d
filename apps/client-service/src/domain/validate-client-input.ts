import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import { snakeCaseKey, unstorableTextViolations, type FieldViolation } from '@coldreach/errors';
import {
  isVerificationStatus,
  verificationStatuses,
  type ClientInput,
  type ValidClientInput,
} from './client';

/** ClientInput's fields by their proto (snake_case) names, as update masks and violations use them. */
export const clientInputFields = [
  'email',
  'first_name',
  'last_name',
  'company',
  'title',
  'phone',
  'website',
  'source_url',
  'collected_at',
  'verification_status',
  'tags',
  'custom_fields',
] as const;
export type ClientInputField = (typeof clientInputFields)[number];

export const limits = {
  text: 200,
  phone: 50,
  url: 2048,
  tags: 50,
  tagLength: 64,
  customFields: 100,
  customFieldValue: 2000,
} as const;

// Identifiers usable as template variables ({{first_name}}, {{custom.plan}}).
const customFieldKeyPattern = /^[a-z_][a-z0-9_]{0,63}$/i;
// Digits with the usual separators, an optional leading +, an optional extension.
const phonePattern = /^\+?[0-9][0-9 ().\-/]*(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const controlCharacters = /[\u0000-\u001f\u007f]/;

const textFields = [
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['company', 'company'],
  ['title', 'title'],
] as const;

export interface ValidationResult {
  value: ValidClientInput;
  violations: FieldViolation[];
}

/**
 * Normalises `input` and lists every problem with it. Only `fields` are checked (all by default, an
 * update checks just its mask); violation fields are `${prefix}.${field}` (e.g. `client.email`).
 */
export function validateClientInput(
  input: ClientInput,
  options: { prefix?: string; fields?: readonly ClientInputField[] } = {},
): ValidationResult {
  const checked = new Set<ClientInputField>(options.fields ?? clientInputFields);
  const violations: FieldViolation[] = [];
  const report = (field: string, message: string) =>
    violations.push({ field: options.prefix ? `${options.prefix}.${field}` : field, message });
  const value: ValidClientInput = { ...input, verificationStatus: undefined, tags: [], customFields: {} };

  if (checked.has('email')) {
    value.email = normaliseEmail(input.email);
    const problem = emailProblem(value.email);
    if (problem) report('email', problem);
  }
  for (const [field, key] of textFields) {
    if (!checked.has(field)) continue;
    value[key] = input[key].trim();
    const problem = textProblem(value[key], limits.text);
    if (problem) report(field, problem);
  }
  if (checked.has('phone')) {
    value.phone = input.phone.trim();
    const problem = textProblem(value.phone, limits.phone);
    if (problem) report('phone', problem);
    else if (value.phone && !phonePattern.test(value.phone)) report('phone', 'must be a phone number');
  }
  if (checked.has('website')) {
    value.website = input.website.trim();
    const problem =
      textProblem(value.website, limits.url) ?? (value.website ? websiteProblem(value.website) : undefined);
    if (problem) report('website', problem);
  }
  if (checked.has('source_url')) {
    value.sourceUrl = input.sourceUrl.trim();
    const problem =
      textProblem(value.sourceUrl, limits.url) ??
      (value.sourceUrl ? absoluteUrlProblem(value.sourceUrl) : undefined);
    if (problem) report('source_url', problem);
  }
  if (checked.has('collected_at') && input.collectedAt) {
    const time = input.collectedAt.getTime();
    if (Number.isNaN(time) || time < 0) report('collected_at', 'must be a valid time after 1970');
    else if (time > Date.now() + 24 * 3600_000) report('collected_at', 'must not be in the future');
  }
  if (checked.has('verification_status') && input.verificationStatus !== undefined) {
    if (isVerificationStatus(input.verificationStatus)) value.verificationStatus = input.verificationStatus;
    else report('verification_status', `must be one of ${verificationStatuses.join(', ')}`);
  }
  if (checked.has('tags')) value.tags = validateTags(input.tags, report);
  if (checked.has('custom_fields')) value.customFields = validateCustomFields(input.customFields, report);
  // What PostgreSQL cannot store (a NUL, a lone surrogate), in any field not already refused.
  const reported = new Set(violations.map((v) => v.field));
  for (const field of checked) {
    const key = field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as keyof ClientInput;
    const name = options.prefix ? `${options.prefix}.${field}` : field;
    for (const violation of unstorableTextViolations(input[key], name, { rename: snakeCaseKey }))
      if (!reported.has(violation.field)) violations.push(violation);
  }
  return { value, violations };
}

function textProblem(value: string, max: number): string | undefined {
  if (value.length > max) return `must be at most ${max} characters`;
  if (controlCharacters.test(value)) return 'must not contain control characters';
  return undefined;
}

/** A website may be given as a URL or as a bare domain ("acme.com"), as people type it. */
function websiteProblem(value: string): string | undefined {
  const message = 'must be an http(s) URL or a domain name';
  if (/\s/.test(value)) return message;
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return message;
    return url.hostname.includes('.') ? undefined : message;
  } catch {
    return message;
  }
}

function absoluteUrlProblem(value: string): string | undefined {
  if (/\s/.test(value)) return 'must be an absolute URL';
  try {
    new URL(value);
    return undefined;
  } catch {
    return 'must be an absolute URL';
  }
}

function validateTags(tags: string[], report: (field: string, message: string) => void): string[] {
  const kept: string[] = [];
  tags.forEach((raw, index) => {
    const tag = raw.trim();
    if (tag === '') return report(`tags[${index}]`, 'must not be empty');
    const problem = textProblem(tag, limits.tagLength);
    if (problem) return report(`tags[${index}]`, problem);
    if (!kept.includes(tag)) kept.push(tag);
  });
  if (kept.length > limits.tags) report('tags', `must hold at most ${limits.tags} tags`);
  return kept;
}

function validateCustomFields(
  fields: Record<string, string>,
  report: (field: string, message: string) => void,
): Record<string, string> {
  const entries = Object.entries(fields);
  if (entries.length > limits.customFields)
    report('custom_fields', `must hold at most ${limits.customFields} fields`);
  // Built with fromEntries so a key such as `__proto__` stays an ordinary own property.
  const kept: [string, string][] = [];
  for (const [key, value] of entries) {
    if (!customFieldKeyPattern.test(key)) {
      report(
        `custom_fields.${key.slice(0, 80)}`,
        'key must start with a letter or underscore and hold only letters, digits and underscores (at most 64)',
      );
    } else if (value.length > limits.customFieldValue) {
      report(`custom_fields.${key}`, `must be at most ${limits.customFieldValue} characters`);
    } else {
      kept.push([key, value]);
    }
  }
  return Object.fromEntries(kept);
}
