import { UpsertOutcome, type UpsertResult } from '@coldreach/contracts';
import type { Logger } from '@coldreach/observability';
import { readHeader, type ColumnLayout } from './csv-columns';
import { createCsvRecordReader, type CsvReadResult } from './csv-record-reader';
import { rowToClientInput } from './csv-row';
import type { ClientInputInit } from './lead-mapping';
import { problem, ProblemError } from './problem';

/** What happened to an import; `accepted + rejected = submitted`, and accepted = created + merged. */
export interface ImportReport {
  submitted: number;
  accepted: number;
  rejected: number;
  created: number;
  merged: number;
  /** One per rejected row, by row number: 1 is the first data row after the header. */
  errors: { row: number; reason: string }[];
}

export interface CsvImportOptions {
  /** The uploaded bytes, read as they arrive. */
  source: AsyncIterable<Buffer | string>;
  maxBytes: number;
  /** Added to every row's tags. */
  extraTags: readonly string[];
  /** Sends one batch to the Client service (UpsertClients); results are per item index. */
  upsert(inputs: ClientInputInit[]): Promise<UpsertResult[]>;
  log: Pick<Logger, 'info'>;
  batchSize?: number;
  progressEvery?: number;
}

/**
 * Streams a CSV upload into the Client service: parses the bytes as they arrive, sends rows in
 * batches and awaits each batch before reading on, so the upload is never held in memory and a slow
 * service slows the upload down (back-pressure) instead of filling the heap. Every data row ends up
 * accepted or rejected with its row number and a reason.
 */
export async function importCsv(options: CsvImportOptions): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500;
  const progressEvery = options.progressEvery ?? 10_000;
  const report: ImportReport = { submitted: 0, accepted: 0, rejected: 0, created: 0, merged: 0, errors: [] };
  const reject = (row: number, reason: string) => {
    report.rejected++;
    report.errors.push({ row, reason });
  };
  const reader = createCsvRecordReader();
  let layout: ColumnLayout | undefined;
  let batch: { row: number; input: ClientInputInit }[] = [];

  async function flush(): Promise<void> {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    const results = new Map((await options.upsert(items.map((item) => item.input))).map((r) => [r.index, r]));
    items.forEach((item, index) => {
      const result = results.get(index);
      if (result?.outcome === UpsertOutcome.CREATED) report.created++;
      else if (result?.outcome === UpsertOutcome.MERGED) report.merged++;
      else reject(item.row, result?.reason || 'the Client service returned no outcome for this row');
    });
    report.accepted = report.created + report.merged;
  }

  /** Takes the records of one parsing step; false when parsing stopped. */
  async function take({ records, error }: CsvReadResult): Promise<boolean> {
    for (const record of records) {
      if (!layout) {
        try {
          layout = readHeader(record);
        } catch (headerError) {
          throw invalidCsv((headerError as Error).message);
        }
        continue;
      }
      const row = ++report.submitted;
      const result = rowToClientInput(record, layout, options.extraTags);
      if ('reason' in result) reject(row, result.reason);
      else batch.push({ row, input: result.input });
      if (batch.length >= batchSize) await flush();
      if (row % progressEvery === 0)
        options.log.info({ rows: row, rejected: report.rejected }, 'csv import progress');
    }
    if (error === undefined) return true;
    if (!layout) throw invalidCsv(error);
    // The parser cannot tell where rows end after this point, so the rest is reported, not guessed at.
    reject(
      ++report.submitted,
      `malformed CSV: ${error}; this row and the rest of the file were not imported`,
    );
    return false;
  }

  let bytes = 0;
  let parsing = true;
  // Iterated by hand: leaving a `for await` early would destroy the request stream, and with it the
  // connection the answer must go back on; Node discards whatever is left unread.
  const chunks = options.source[Symbol.asyncIterator]();
  while (parsing) {
    let next: IteratorResult<Buffer | string>;
    try {
      next = await chunks.next();
    } catch {
      throw stopped(400, 'invalid-upload', 'The upload is malformed or was cut short.', report);
    }
    if (next.done) break;
    bytes += typeof next.value === 'string' ? Buffer.byteLength(next.value) : next.value.length;
    if (bytes > options.maxBytes) {
      throw stopped(
        413,
        'body-too-large',
        `The file is larger than the import limit of ${options.maxBytes} bytes.`,
        report,
      );
    }
    parsing = await take(await reader.write(next.value));
  }
  if (parsing) await take(await reader.end());
  if (!layout) throw invalidCsv('the file is empty; a header row naming an email column is required');
  await flush();
  report.errors.sort((a, b) => a.row - b.row);
  options.log.info(
    { rows: report.submitted, accepted: report.accepted, rejected: report.rejected },
    'csv import finished',
  );
  return report;
}

function invalidCsv(reason: string): ProblemError {
  return new ProblemError(problem(400, 'invalid-csv', `Not an importable CSV file: ${reason}.`));
}

/** An import that stops part-way; batches already sent stay imported, and the detail says so. */
function stopped(status: number, kind: string, detail: string, report: ImportReport): ProblemError {
  const done =
    report.accepted > 0 ? ` ${report.accepted} rows were imported before that.` : ' Nothing was imported.';
  return new ProblemError(problem(status, kind, `${detail}${done}`));
}
