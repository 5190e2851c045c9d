import { parse, type Parser } from 'csv-parse';

/** What one step of parsing produced: the records it completed, and why parsing stopped, if it did. */
export interface CsvReadResult {
  records: string[][];
  /** A reason fit to show the uploader (never the offending text); parsing cannot go on after it. */
  error?: string;
}

/** Parses CSV bytes as they arrive, chunk by chunk. */
export interface CsvRecordReader {
  write(chunk: Buffer | string): Promise<CsvReadResult>;
  /** Call once after the last chunk: completes the last record. */
  end(): Promise<CsvReadResult>;
}

const maxRecordBytes = 1024 * 1024;
// csv-parse's record size counts the fields' characters only: a row of a million commas is a
// million empty fields within it, so the number of fields is capped as well.
export const maxColumns = 2000;
const maxHeaderBytes = 64 * 1024;
const delimiters = [',', ';', '\t'] as const;

const csvProblems: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_MAX_RECORD_SIZE: `the row is longer than ${maxRecordBytes} bytes`,
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters',
  CSV_TOO_MANY_COLUMNS: `a row has more than ${maxColumns} columns`,
};

function capColumns(value: string, context: { index: number }): string {
  if (context.index >= maxColumns)
    throw Object.assign(new Error('too many columns'), { code: 'CSV_TOO_MANY_COLUMNS' });
  return value;
}

/**
 * A csv-parse stream driven by hand. Records are collected synchronously while a chunk is parsed
 * (and kept out of the stream's own buffer), so none is lost when a later part of the same chunk
 * turns out to be malformed: the stream discards its buffer when it errors.
 * The delimiter (comma, semicolon as Excel writes in many locales, or tab) is read off the header.
 */
export function createCsvRecordReader(): CsvRecordReader {
  let parser: Parser | undefined;
  const completed: string[][] = [];

  function open(head: Buffer): Parser {
    const created = parse({
      delimiter: sniffDelimiter(head.toString('utf8').replace(/^\uFEFF/, '')),
      // Every line ending, in any mix: csv-parse would otherwise fix on the first one it meets.
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: maxRecordBytes,
      cast: capColumns,
      on_record: (record: string[]) => {
        completed.push(record);
        return null;
      },
    });
    created.resume();
    // Errors are taken from write()/end(); without a listener the 'error' event would be fatal.
    created.on('error', () => undefined);
    return created;
  }

  const result = (error: Error | null | undefined): CsvReadResult => ({
    records: completed.splice(0),
    ...(error ? { error: describe(error) } : {}),
  });

  // The first bytes are held back until the header line is complete, to read the delimiter off it.
  let head: Buffer[] = [];
  let headBytes = 0;

  function push(target: Parser, chunk: Buffer): Promise<CsvReadResult> {
    return new Promise((resolve) => target.write(chunk, (error) => resolve(result(error))));
  }

  return {
    write(chunk) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (parser) return push(parser, bytes);
      head.push(bytes);
      headBytes += bytes.length;
      if (!bytes.includes(10) && !bytes.includes(13) && headBytes < maxHeaderBytes) {
        return Promise.resolve({ records: [] });
      }
      const buffered = Buffer.concat(head);
      head = [];
      parser = open(buffered);
      return push(parser, buffered);
    },
    async end() {
      if (!parser) {
        if (headBytes === 0) return { records: [] };
        const buffered = Buffer.concat(head);
        parser = open(buffered);
        const written = await push(parser, buffered);
        if (written.error) return written;
      }
      const target = parser;
      return new Promise((resolve) => {
        target.once('error', (error) => resolve(result(error)));
        target.once('finish', () => resolve(result(undefined)));
        target.end();
      });
    },
  };
}

/** The delimiter used most often outside quotes in the first line. */
export function sniffDelimiter(text: string): (typeof delimiters)[number] {
  const counts = new Map<string, number>(delimiters.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return delimiters.reduce(
    (best, d) => ((counts.get(d) ?? 0) > (counts.get(best) ?? 0) ? d : best),
    delimiters[0],
  );
}

function describe(error: Error): string {
  // csv-parse messages quote the offending field; only our own wording goes back (and into logs).
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && csvProblems[code]) || 'the file could not be parsed as CSV';
}
