import { timestampDate, timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';

/** A protobuf-es enum object (name → number and number → name). */
type ProtoEnum = Record<string, string | number>;

/** The REST names of an enum: its value names lower-cased, UNSPECIFIED left out (e.g. `sent`). */
export function enumNames(protoEnum: ProtoEnum): string[] {
  return Object.keys(protoEnum)
    .filter((key) => Number.isNaN(Number(key)) && key !== 'UNSPECIFIED')
    .map((key) => key.toLowerCase());
}

/** The REST name of an enum value; `unspecified` only if a peer sends a value it should not. */
export function enumName(protoEnum: ProtoEnum, value: number): string {
  const name = protoEnum[value];
  return typeof name === 'string' ? name.toLowerCase() : 'unspecified';
}

/** The enum value of a REST name the route schema already checked (`sent` → SENT). */
export function enumValue<T extends number>(protoEnum: ProtoEnum, name: string): T {
  const value = protoEnum[name.toUpperCase()];
  if (typeof value !== 'number') throw new Error(`unknown enum name ${name}`);
  return value as T;
}

/** Enum values from a comma-separated query value such as `sent,failed`; empty when absent. */
export function enumValuesFromList<T extends number>(protoEnum: ProtoEnum, list: string | undefined): T[] {
  if (!list) return [];
  return [...new Set(list.split(','))].map((name) => enumValue<T>(protoEnum, name));
}

/** A pattern for a comma-separated list of these names, for a querystring schema. */
export function commaListPattern(names: readonly string[]): string {
  const one = `(${names.join('|')})`;
  return `^${one}(,${one})*$`;
}

/** RFC 3339 for a set timestamp, null for an unset one. */
export function isoOrNull(timestamp: Timestamp | undefined): string | null {
  return timestamp ? timestampDate(timestamp).toISOString() : null;
}

/** RFC 3339 for a timestamp every answer carries; the epoch if a peer left it out. */
export function iso(timestamp: Timestamp | undefined): string {
  return isoOrNull(timestamp) ?? new Date(0).toISOString();
}

/** A timestamp from an RFC 3339 string the schema checked; undefined for none. */
export function timestampOrUndefined(value: string | undefined | null): Timestamp | undefined {
  return value ? timestampFromDate(new Date(value)) : undefined;
}

/** null for the empty string protobuf uses for "none". */
export function nullIfEmpty(value: string): string | null {
  return value === '' ? null : value;
}
