import type { FieldViolation } from '@coldreach/errors';
import { isUuid } from '@coldreach/ids';

/**
 * A list filter's id: undefined when empty, in lower case when a UUID; anything else adds a
 * violation naming `field` (the caller reports them all at once).
 */
export function optionalUuid(value: string, field: string, violations: FieldViolation[]): string | undefined {
  if (value === '') return undefined;
  if (isUuid(value)) return value.toLowerCase();
  violations.push({ field, message: 'must be a UUID or empty' });
  return undefined;
}
