import fc from 'fast-check';
import { hostileBodyText, rawNumberLiteral } from './hostile-values';
import type { GeneratedBody } from './import-body-arbitrary';
import type { JsonSchema } from './openapi-operations';
import { fittingArbitrary, type ValueContext } from './schema-arbitrary';

/** Content types a JSON route must refuse with a 415 (or read correctly), never trip over. */
export const oddContentTypes = [
  'text/plain',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/json;;',
  'APPLICATION/JSON',
  'application/problem+json',
  'text/csv',
  'application/jsonx',
  '*/*',
];

const marker = '__fuzz_raw_number__';

/**
 * A JSON body for `schema`. Hostile requests also get a number JavaScript cannot write (1e400,
 * -0, 30 digits) in place of a field, a text that is not the JSON expected (or not JSON at all),
 * an odd Content-Type or none.
 */
export function jsonBodyArbitrary(schema: JsonSchema, context: ValueContext): fc.Arbitrary<GeneratedBody> {
  const fitting = fittingArbitrary(schema, '', context);
  if (!context.hostile) {
    return fitting.map((body) => ({
      contentType: 'application/json',
      body: Buffer.from(JSON.stringify(body)),
    }));
  }
  const value = fc
    .tuple(fitting, fc.option(rawNumberLiteral, { freq: 4, nil: undefined }))
    .map(([body, raw]) => {
      if (raw === undefined || !body || typeof body !== 'object' || Array.isArray(body))
        return JSON.stringify(body);
      const keys = Object.keys(body);
      if (keys.length === 0) return JSON.stringify(body);
      return JSON.stringify({ ...body, [keys[0] as string]: marker }).replace(`"${marker}"`, raw);
    });
  const text = fc.oneof(
    { arbitrary: value, weight: 8 },
    { arbitrary: hostileBodyText(context.bodyLimitBytes), weight: 2 },
  );
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    { arbitrary: fc.constantFrom(...oddContentTypes), weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
  return fc.tuple(text, contentType).map(([body, type]) => ({ contentType: type, body: Buffer.from(body) }));
}

/** A body for an operation that takes none, sent anyway by a hostile request now and then. */
export const unexpectedBody: fc.Arbitrary<GeneratedBody | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom(...oddContentTypes, 'application/json'),
        fc.constantFrom('{}', '{"a":1}', 'x', ''),
      )
      .map(([contentType, body]) => ({ contentType, body: Buffer.from(body) })),
    weight: 1,
  },
);
