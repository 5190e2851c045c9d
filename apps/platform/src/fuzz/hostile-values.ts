import fc from 'fast-check';

/** Text that broke (or could break) a parser, a database or a template somewhere before. */
const nastyStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\ufeff',
  '\u202eevil',
  '\r\nBcc: victim@example.com',
  '%00',
  '%',
  '%zz',
  '%c0%ae%c0%ae/',
  '../../../etc/passwd',
  '{{',
  '{{ first_name | "',
  '{{custom.}}',
  '{{#each}}',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '$(id)',
  'null',
  'true',
  '[]',
  '{}',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(400),
  'ａｄｍｉｎ@ｅｘａｍｐｌｅ.ｃｏｍ',
  'e\u0301'.repeat(200),
  '👩‍👩‍👧‍👦'.repeat(50),
  'ß'.repeat(300),
  '@',
  'a@b',
  '"quoted"@example.com',
  `${'a'.repeat(250)}@example.com`,
];

/** A char code anywhere in UTF-16: control characters, NUL and unpaired surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Strings a hostile client sends: known troublemakers, and random UTF-16 (lone surrogates too). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // A template that is valid, repeated: a parser that is not linear shows here.
  fc.integer({ min: 1_000, max: 40_000 }).map((count) => '{{a}}'.repeat(count)),
);

/**
 * A long string: just past a field's limit, or up to around the gateway's body limit. Built by
 * repetition so that a megabyte costs the generator nothing.
 */
export function hugeString(minLength: number, bodyLimitBytes: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('x', 'é', '\u0000', '{{a}}', '%', '\ud800'),
      fc.constantFrom(minLength + 1, 64 * 1024, bodyLimitBytes - 64, bodyLimitBytes + 1),
    )
    .map(([unit, length]) => unit.repeat(Math.max(1, Math.ceil(length / unit.length))));
}

/** Numbers past what a column, an int32 or a double can hold, and the other edges. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, -0, 0.5, -2_147_483_649, 2_147_483_648, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
);

/** Arrays or objects nested `depth` deep: recursion in a validator or a copier shows here. */
export const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 1_000 }), fc.boolean())
  .map(([depth, asArray]) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { a: value };
    return value;
  });

/** A value of the wrong kind for whatever a field expects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { $ref: '#' }),
  // An own "__proto__" key, as JSON.parse makes it (an object literal would set the prototype).
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.jsonValue({ maxDepth: 3 }),
  deeplyNested,
);

/**
 * JSON numbers JavaScript cannot write (they would come out as `null`, `Infinity` or rounded), put
 * into a body's text in place of a marker string.
 */
export const rawNumberLiteral = fc.constantFrom(
  '1e400',
  '-1e400',
  '-0',
  '123456789012345678901234567890',
  '0.0000000000000000000000000000001',
  '1E+2',
);

/** Whole bodies that are not the JSON a route expects, or not JSON at all. */
export function hostileBodyText(bodyLimitBytes: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '',
      'null',
      '[]',
      '"text"',
      '42',
      '{',
      '{"a":',
      '{"name":"a","name":"b"}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '\ufeff{}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '{"a":1}garbage',
      '\u0000',
    ),
    fc.constantFrom(100, 10_000, 200_000).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    fc.constantFrom(bodyLimitBytes - 2, bodyLimitBytes + 1).map((length) => `"${'x'.repeat(length - 2)}"`),
    fc.string({ unit: anyCodeUnit, maxLength: 60 }),
  );
}
