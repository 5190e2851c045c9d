import type { components } from '../../gen/api-schema';
import type { Lead } from './lead-filters';

type CreateLead = components['schemas']['CreateLead'];
type UpdateLead = components['schemas']['UpdateLead'];

/** The text fields of the lead form, in the order shown; each is a key of the API's lead. */
export const leadTextFields = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['company', 'Company'],
  ['title', 'Job title'],
  ['phone', 'Phone'],
  ['website', 'Website'],
  ['sourceUrl', 'Source URL'],
] as const;

export type LeadTextField = (typeof leadTextFields)[number][0];

/** What the person typed: kept as typed until the API accepts it, so a refusal loses nothing. */
export type LeadFormValues = Record<LeadTextField | 'email' | 'tags' | 'customFields', string>;

export const emptyLeadForm: LeadFormValues = {
  email: '',
  firstName: '',
  lastName: '',
  company: '',
  title: '',
  phone: '',
  website: '',
  sourceUrl: '',
  tags: '',
  customFields: '',
};

/** Tags typed as a comma-separated list, blanks and repeats dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()))].filter((tag) => tag !== '');
}

/**
 * Custom fields typed one per line as `key: value` (a line without a colon is a key with an empty
 * value). The API checks the keys and says which one is wrong.
 */
export function parseCustomFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const key = (colon < 0 ? line : line.slice(0, colon)).trim();
    fields[key] = colon < 0 ? '' : line.slice(colon + 1).trim();
  }
  return fields;
}

export function formatCustomFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
}

export function formFromLead(lead: Lead): LeadFormValues {
  const values = { ...emptyLeadForm, email: lead.email };
  for (const [field] of leadTextFields) values[field] = lead[field];
  return { ...values, tags: lead.tags.join(', '), customFields: formatCustomFields(lead.customFields) };
}

/** POST /api/leads: the email and whatever else was filled in. */
export function createLeadBody(values: LeadFormValues): CreateLead {
  const body: CreateLead = { email: values.email.trim() };
  for (const [field] of leadTextFields) {
    const value = values[field].trim();
    if (value !== '') body[field] = value;
  }
  const tags = parseTags(values.tags);
  if (tags.length > 0) body.tags = tags;
  const customFields = parseCustomFields(values.customFields);
  if (Object.keys(customFields).length > 0) body.customFields = customFields;
  return body;
}

/** PATCH /api/leads/:id: only what differs from the lead (a cleared field is sent empty); null when nothing does. */
export function updateLeadBody(lead: Lead, values: LeadFormValues): UpdateLead | null {
  const body: UpdateLead = {};
  for (const [field] of leadTextFields) {
    const value = values[field].trim();
    if (value !== lead[field]) body[field] = value;
  }
  const tags = parseTags(values.tags);
  if (tags.join('\u0000') !== lead.tags.join('\u0000')) body.tags = tags;
  const customFields = parseCustomFields(values.customFields);
  if (JSON.stringify(customFields) !== JSON.stringify(lead.customFields)) body.customFields = customFields;
  return Object.keys(body).length > 0 ? body : null;
}
