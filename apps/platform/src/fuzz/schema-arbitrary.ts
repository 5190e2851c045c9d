import fc from 'fast-check';
import { hostileValue, hugeString } from './hostile-values';
import type { JsonSchema } from './openapi-operations';

export interface ValueContext {
  /**
   * Values for a field by its name, in place of what its schema alone would give: real ids of the
   * workspace (and of another), addresses, loopback-only SMTP URLs. Undefined: the schema decides.
   */
  fieldValue(name: string, schema: JsonSchema): fc.Arbitrary<unknown> | undefined;
  /** Hostile values for a field whose values must stay within bounds (an SMTP URL: loopback only). */
  hostileValue?(name: string): fc.Arbitrary<unknown> | undefined;
  bodyLimitBytes: number;
  /** False: fitting values only, so that the request gets past validation and reaches the services. */
  hostile: boolean;
}

/** How often a field of a hostile request gets a hostile value instead of a fitting one (out of 10). */
const hostileWeight = 2;

/**
 * Values for a field: mostly ones its schema accepts (so requests get past validation and reach the
 * services), sometimes hostile ones (wrong type, NUL, lone surrogates, past the limits, huge).
 */
export function fieldArbitrary(
  schema: JsonSchema,
  name: string,
  context: ValueContext,
): fc.Arbitrary<unknown> {
  if (!context.hostile) return fittingArbitrary(schema, name, context);
  return fc.oneof(
    { arbitrary: fittingArbitrary(schema, name, context), weight: 10 - hostileWeight },
    { arbitrary: context.hostileValue?.(name) ?? hostileFor(schema, name, context), weight: hostileWeight },
  );
}

function hostileFor(schema: JsonSchema, name: string, context: ValueContext): fc.Arbitrary<unknown> {
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 256;
  return fc.oneof(
    { arbitrary: templateBomb(maxLength), weight: isTemplate(name) ? 10 : 0 },
    { arbitrary: hostileValue, weight: 20 },
    // Rare: a megabyte per request adds up.
    { arbitrary: hugeString(maxLength, context.bodyLimitBytes), weight: 1 },
  );
}

const isTemplate = (name: string) => /subject|body$/i.test(name);

/**
 * A template as long as the field allows, made of one piece repeated: a parser or renderer that
 * is not linear in its input blocks the event loop for seconds here (and only here, within the
 * limit, does the input reach it).
 */
function templateBomb(maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('{{a}}', '{{', '{{ first_name | "x" }}', '}}{{', '{{custom.', '\\{{'),
      fc.constantFrom(1, 2),
    )
    .map(([unit, share]) => unit.repeat(Math.floor(maxLength / share / unit.length)));
}

const templateParts = fc.constantFrom(
  'Hi {{first_name | "there"}}',
  '{{company}}',
  '{{custom.plan}}',
  '{{last_name}}',
  ' and ',
  'Saw your site.',
  '<p>Hello</p>',
  '{{ first_name }}',
);

/** Values the schema accepts (within reason: strings and arrays are kept short). */
export function fittingArbitrary(
  schema: JsonSchema,
  name: string,
  context: ValueContext,
): fc.Arbitrary<unknown> {
  const special = context.fieldValue(name, schema);
  if (special) return special;
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return fc.constantFrom(...(schema.enum as unknown[]));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (types.length > 1) {
    return fc.oneof(...types.map((type) => fittingArbitrary({ ...schema, type }, name, context)));
  }
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return fc.double({
        min: (schema.minimum as number | undefined) ?? -1e9,
        max: (schema.maximum as number | undefined) ?? 1e9,
        noNaN: true,
      });
    case 'string':
      return stringArbitrary(schema, name);
    case 'array':
      return fc.array(
        fieldArbitrary((schema.items as JsonSchema | undefined) ?? {}, singular(name), context),
        {
          minLength: (schema.minItems as number | undefined) ?? 0,
          maxLength: Math.min((schema.maxItems as number | undefined) ?? 5, 5),
        },
      );
    case 'object':
      return objectArbitrary(schema, context);
    default:
      return schema.properties ? objectArbitrary(schema, context) : fc.jsonValue({ maxDepth: 2 });
  }
}

function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min = (schema.minimum as number | undefined) ?? -1_000_000;
  const max = (schema.maximum as number | undefined) ?? 1_000_000;
  return fc.oneof(
    { arbitrary: fc.integer({ min, max }), weight: 4 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
  );
}

function stringArbitrary(schema: JsonSchema, name: string): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = (schema.maxLength as number | undefined) ?? 200;
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  }
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  }
  if (/email|address$|^to$/i.test(name)) return fc.emailAddress().filter(fits);
  if (/^website$|url$/i.test(name)) return fc.webUrl().filter(fits);
  if (/phone/i.test(name)) return fc.stringMatching(/^\+?[0-9][0-9 ()-]{5,20}$/).filter(fits);
  if (/timezone/i.test(name))
    return fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata');
  if (isTemplate(name)) {
    return fc
      .array(templateParts, { minLength: Math.min(minLength, 1), maxLength: 6 })
      .map((parts) => parts.join(''));
  }
  return fc.oneof(
    { arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 40), unit: 'grapheme' }), weight: 6 },
    // Exactly at the limit, counted in UTF-16 units as the contract counts them.
    { arbitrary: fc.constantFrom('a', 'é').map((unit) => unit.repeat(maxLength)), weight: 1 },
  );
}

function objectArbitrary(schema: JsonSchema, context: ValueContext): fc.Arbitrary<unknown> {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = (schema.required as string[] | undefined) ?? [];
  const names = Object.keys(properties);
  if (names.length === 0) {
    // A free-form map (custom fields): keys as its propertyNames allow.
    const keyPattern = (schema.propertyNames as JsonSchema | undefined)?.pattern;
    const key =
      typeof keyPattern === 'string'
        ? fc.stringMatching(new RegExp(keyPattern))
        : fc.string({ maxLength: 20 });
    return fc.dictionary(
      key.filter((k) => k.length <= 64),
      fieldArbitrary(
        (schema.additionalProperties as JsonSchema | undefined) ?? { type: 'string', maxLength: 100 },
        '',
        context,
      ),
      { maxKeys: Math.min((schema.maxProperties as number | undefined) ?? 5, 5) },
    );
  }
  const record = fc.record(
    Object.fromEntries(
      names.map((property) => [property, fieldArbitrary(properties[property] ?? {}, property, context)]),
    ),
    { requiredKeys: required.filter((property) => names.includes(property)) },
  );
  if (!context.hostile) return record;
  // Now and then a field the contract does not have, or a required one missing.
  return fc.oneof(
    { arbitrary: record, weight: 18 },
    {
      arbitrary: fc
        .tuple(record, fc.string({ maxLength: 12 }), hostileValue)
        .map(([body, key, value]) => ({ ...(body as object), [key || 'unknown']: value })),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(record, fc.constantFrom(...names)).map(([body, drop]) => {
        const { [drop]: _dropped, ...rest } = body as Record<string, unknown>;
        return rest;
      }),
      weight: 1,
    },
  );
}

/** The name an array's items go by (`tags` → `tag`, `emails` → `email`), for field-name rules. */
function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}
