import fc from 'fast-check';
import { hostileString } from './hostile-values';

/** A request body with its content type (absent: no Content-Type header at all). */
export interface GeneratedBody {
  contentType?: string;
  body: Buffer;
}

const knownColumns = [
  'email',
  'first_name',
  'last_name',
  'company',
  'title',
  'phone',
  'website',
  'source_url',
  'tags',
  'collected_at',
  'verification_status',
  'Email Address',
  'plan',
];

/** A cell: mostly plausible, sometimes hostile (short: a file has many of them). */
const cell = fc.oneof(
  { arbitrary: fc.emailAddress(), weight: 3 },
  { arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }), weight: 3 },
  {
    arbitrary: fc.constantFrom('valid', 'risky', '2024-01-31T10:00:00Z', 'a;b;c', 'https://example.com'),
    weight: 1,
  },
  { arbitrary: hostileString.filter((text) => text.length < 2_000), weight: 1 },
);

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** CSV text: a header naming columns (usually an email one), rows, odd quoting and line endings. */
const csvText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        columns: fc.uniqueArray(fc.oneof(fc.constantFrom(...knownColumns), fc.string({ maxLength: 12 })), {
          minLength: 1,
          maxLength: 6,
        }),
        rows: fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 60 }),
        newline: fc.constantFrom('\n', '\r\n', '\r'),
        quote: fc.constantFrom('always', 'never', 'broken'),
        bom: fc.boolean(),
      })
      .map(({ columns, rows, newline, quote, bom }) => {
        const write = (value: string) =>
          quote === 'always' ? quoted(value) : quote === 'broken' ? `"${value}` : value;
        const lines = [columns, ...rows].map((row) => row.map(write).join(','));
        return `${bom ? '\ufeff' : ''}${lines.join(newline)}${newline}`;
      }),
  },
  // The shape that once built an unbounded error list: a header, then empty rows.
  { weight: 1, arbitrary: fc.constantFrom(1_000, 30_000).map((rows) => `email,a\n${',\n'.repeat(rows)}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'email\n', '\u0000\u0000', 'email\n"unterminated', 'a,b\n1,2\n'),
  },
);

const multipartTypes = [
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary="',
  'multipart/form-data',
];

function multipart(
  boundary: string,
  parts: { name: string; filename?: string; content: string }[],
  close: boolean,
) {
  const chunks = parts.map(
    (part) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"` +
      `${part.filename === undefined ? '' : `; filename="${part.filename}"`}\r\n` +
      `${part.filename === undefined ? '' : 'Content-Type: text/csv\r\n'}\r\n${part.content}\r\n`,
  );
  return `${chunks.join('')}${close ? `--${boundary}--\r\n` : ''}`;
}

/** Bodies for POST /api/leads/import: raw text/csv, multipart/form-data, and broken variants of both. */
export const importBodyArbitrary: fc.Arbitrary<GeneratedBody> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(csvText, fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'text/plain', undefined))
      .map(([text, contentType]) => ({ contentType, body: Buffer.from(text) })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        csv: csvText,
        tags: fc.option(fc.oneof(fc.constantFrom('imported', 'a,b'), hostileString), { nil: undefined }),
        fieldName: fc.constantFrom('file', 'file', 'file', 'upload', ''),
        filename: fc.constantFrom('leads.csv', '../../x.csv', 'a\u0000.csv', ''),
        boundary: fc.stringMatching(/^[A-Za-z0-9'()+_,-]{1,70}$/),
        typeStyle: fc.constantFrom(0, 0, 0, 0, 1, 2),
        close: fc.constantFrom(true, true, true, false),
        twoFiles: fc.constantFrom(false, false, false, true),
      })
      .map(({ csv, tags, fieldName, filename, boundary, typeStyle, close, twoFiles }) => {
        const parts = [
          ...(tags === undefined ? [] : [{ name: 'tags', content: tags }]),
          { name: fieldName, filename, content: csv },
          ...(twoFiles ? [{ name: 'file', filename: 'more.csv', content: csv }] : []),
        ];
        const prefix = multipartTypes[typeStyle] ?? 'multipart/form-data; boundary=';
        return {
          contentType: typeStyle === 2 ? prefix : `${prefix}${boundary}${typeStyle === 1 ? '"' : ''}`,
          body: Buffer.from(multipart(boundary, parts, close)),
        };
      }),
  },
);
