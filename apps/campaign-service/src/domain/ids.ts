import { invalidArgument, type FieldViolation } from '@coldreach/errors';
import { isUuid } from '@coldreach/db';

/** Lower-cased ids of one call, or INVALID_ARGUMENT naming each one that is not a UUID. */
export function requireUuids<K extends string>(ids: Record<K, string>): Record<K, string> {
  const violations: FieldViolation[] = [];
  const result = {} as Record<K, string>;
  for (const [field, value] of Object.entries(ids) as [K, string][]) {
    if (!isUuid(value)) violations.push({ field, message: 'must be a UUID' });
    else result[field] = value.toLowerCase();
  }
  if (violations.length > 0) throw invalidArgument(violations);
  return result;
}
