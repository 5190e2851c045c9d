import { isUuid } from '@coldreach/db';
import { invalidArgument, type FieldViolation } from '@coldreach/errors';

/** The id in lower case, or INVALID_ARGUMENT naming `field`. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw invalidArgument([{ field, message: 'must be a UUID' }]);
  return value.toLowerCase();
}

/** Both ids of a call on one resource, naming each one that is not a UUID. */
export function requireIds(workspaceId: string, id: string): [workspace: string, id: string] {
  const violations: FieldViolation[] = [];
  if (!isUuid(workspaceId)) violations.push({ field: 'workspace_id', message: 'must be a UUID' });
  if (!isUuid(id)) violations.push({ field: 'id', message: 'must be a UUID' });
  if (violations.length > 0) throw invalidArgument(violations);
  return [workspaceId.toLowerCase(), id.toLowerCase()];
}
