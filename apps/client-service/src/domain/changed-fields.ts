import type { ClientFields } from './client';
import type { UpdatableField } from './update-mask';

/** Where each updatable ClientInput path lives in ClientFields. */
export const fieldKeys: Record<UpdatableField, keyof ClientFields> = {
  first_name: 'firstName',
  last_name: 'lastName',
  company: 'company',
  title: 'title',
  phone: 'phone',
  website: 'website',
  source_url: 'sourceUrl',
  collected_at: 'collectedAt',
  verification_status: 'verificationStatus',
  tags: 'tags',
  custom_fields: 'customFields',
};

/** The ClientInput paths (snake_case) whose values differ between two versions of a client. */
export function changedFields(before: ClientFields, after: ClientFields): UpdatableField[] {
  return (Object.keys(fieldKeys) as UpdatableField[]).filter(
    (field) => !sameValue(before[fieldKeys[field]], after[fieldKeys[field]]),
  );
}

function sameValue(a: ClientFields[keyof ClientFields], b: ClientFields[keyof ClientFields]): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
  }
  return a === b;
}
