const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its text form; checked before a query so a bad id never reaches a `uuid` column. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
