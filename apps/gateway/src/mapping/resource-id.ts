import { isUuid } from '@coldreach/ids';
import { notFound } from '@coldreach/errors';

/** A resource id from a path: one that cannot exist (not a UUID) is simply not found; no service is asked. */
export function resourceId(id: string, what: string): string {
  if (!isUuid(id)) throw notFound(what);
  return id.toLowerCase();
}
