import { invalidArgument, type FieldViolation } from '@coldreach/errors';
import { isUuid } from './is-uuid';

const notUuid = 'must be a UUID';

/** The id in lower case, or INVALID_ARGUMENT naming `field`. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw invalidArgument([{ field, message: notUuid }]);
  return value.toLowerCase();
}

/**
 * Every id of one call in lower case, keyed as given, or one INVALID_ARGUMENT naming each key whose
 * value is not a UUID (a caller with two bad ids learns both at once).
 */
export function requireUuids<K extends string>(ids: Record<K, string>): Record<K, string> {
  const violations: FieldViolation[] = [];
  const result = {} as Record<K, string>;
  for (const [field, value] of Object.entries(ids) as [K, string][]) {
    if (!isUuid(value)) violations.push({ field, message: notUuid });
    else result[field] = value.toLowerCase();
  }
  if (violations.length > 0) throw invalidArgument(violations);
  return result;
}
