import { UpsertOutcome, type UpsertResult } from '@coldreach/contracts';
import type { Logger } from '@coldreach/observability';
import { readHeader, type ColumnLayout, type ColumnTarget } from './csv-columns';
import { createImportReport, type ImportReport, type ImportReportBuilder } from './csv-import-report';
import { createCsvRecordReader, type CsvReadResult } from './csv-record-reader';
import { rowToClientInput } from './csv-row';
import type { ClientInputInit } from '../mapping/lead-mapping';
import { problem, ProblemError } from '../errors/problem';

export type { ImportReport } from './csv-import-report';

export interface CsvImportOptions {
  /** The uploaded bytes, read as they arrive. */
  source: AsyncIterable<Buffer | string>;
  maxBytes: number;
  /** Added to every row's tags. */
  extraTags: readonly string[];
  /** Sends one batch to the Client service (UpsertClients); results are per item index. */
  upsert(inputs: ClientInputInit[]): Promise<UpsertResult[]>;
  log: Pick<Logger, 'info'>;
  /** How many rejected rows the report lists (all are counted); default 1000. */
  maxReportedErrors?: number;
  /** Rows per UpsertClients call; default 500. */
  batchSize?: number;
  /** Batches sent and not yet answered, at most; default 2. */
  maxBatchesInFlight?: number;
  /** Progress is logged at most this often (default 5 s), however fast rows go by. */
  progressIntervalMs?: number;
  now?: () => number;
  /** The person's choice of what each column fills; absent: guessed from the header names. */
  mapping?: readonly ColumnTarget[];
  /** Told the counts after each slice of the upload is taken (and so as often as it likes). */
  onProgress?(counts: { bytesRead: number; rows: number; accepted: number; rejected: number }): void;
}

// The parser is fed this much at a time, so the records of one step stay few whatever a chunk's size:
// records held across a whole 64 KiB chunk outlived the young generation and took the gateway's RSS
// from 240 to 580 MiB on issue 11's file; at 8 KiB the peak stays near 400 MiB (bench/README.md).
const sliceBytes = 8 * 1024;

/**
 * Streams a CSV upload into the Client service: parses the bytes as they arrive and sends rows in
 * batches, reading on while at most `maxBatchesInFlight` batches are answered (the service's two
 * shards and the parsing then work at the same time), so the upload is never held in memory and a
 * slow service slows the upload down (back-pressure) instead of filling the heap. Every data row ends up
 * accepted or rejected; rejections are counted by reason and the first ones listed, so the answer's
 * size does not grow with the file.
 */
export async function importCsv(options: CsvImportOptions): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500;
  const maxInFlight = options.maxBatchesInFlight ?? 2;
  const now = options.now ?? Date.now;
  const progressIntervalMs = options.progressIntervalMs ?? 5000;
  const builder = createImportReport(options.maxReportedErrors ?? 1000);
  const { report } = builder;
  const reader = createCsvRecordReader();
  let layout: ColumnLayout | undefined;
  let batch: { row: number; input: ClientInputInit }[] = [];
  let lastProgress = now();
  // Answers are taken in the order the batches were sent. Each one's failure is caught at once (an
  // unhandled rejection would end the process) and thrown when its turn comes.
  const inFlight: Promise<{ failed: unknown } | undefined>[] = [];

  function count(items: { row: number }[], answer: UpsertResult[]): undefined {
    const results = new Map(answer.map((r) => [r.index, r]));
    items.forEach((item, index) => {
      const result = results.get(index);
      if (result?.outcome === UpsertOutcome.CREATED) builder.created();
      else if (result?.outcome === UpsertOutcome.MERGED) builder.merged();
      else builder.reject(item.row, result?.reason || 'the Client service returned no outcome for this row');
    });
    return undefined;
  }

  /** Sends the batch, then waits while more than `limit` batches are unanswered. */
  async function flush(limit = maxInFlight - 1): Promise<void> {
    if (batch.length > 0) {
      const items = batch;
      batch = [];
      inFlight.push(
        options.upsert(items.map((item) => item.input)).then(
          (answer) => count(items, answer),
          (failed: unknown) => ({ failed }),
        ),
      );
    }
    while (inFlight.length > limit) {
      const outcome = await inFlight.shift();
      if (outcome) {
        await settle();
        throw outcome.failed;
      }
    }
  }

  /** Waits for every batch sent (an import that stops part-way counts what they did). */
  async function settle(): Promise<void> {
    await Promise.all(inFlight.splice(0));
  }

  /** Takes the records of one parsing step; false when parsing stopped. */
  async function take({ records, error }: CsvReadResult): Promise<boolean> {
    for (const record of records) {
      if (!layout) {
        try {
          layout = readHeader(record, options.mapping);
        } catch (headerError) {
          throw invalidCsv((headerError as Error).message);
        }
        continue;
      }
      const row = builder.nextRow();
      const result = rowToClientInput(record, layout, options.extraTags);
      if ('reason' in result) builder.reject(row, result.reason, result.key);
      else batch.push({ row, input: result.input });
      if (batch.length >= batchSize) await flush();
    }
    if (now() - lastProgress >= progressIntervalMs) {
      lastProgress = now();
      options.log.info({ rows: report.submitted, rejected: report.rejected }, 'csv import progress');
    }
    if (error === undefined) return true;
    if (!layout) throw invalidCsv(error);
    // The parser cannot tell where rows end after this point, so the rest is reported, not guessed at.
    builder.reject(
      builder.nextRow(),
      `malformed CSV: ${error}; this row and the rest of the file were not imported`,
      `malformed CSV: ${error}`,
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
      await settle();
      throw stopped(400, 'invalid-upload', 'The upload is malformed or was cut short.', builder);
    }
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    bytes += chunk.length;
    if (bytes > options.maxBytes) {
      await settle();
      throw stopped(
        413,
        'body-too-large',
        `The file is larger than the import limit of ${options.maxBytes} bytes.`,
        builder,
      );
    }
    for (let offset = 0; parsing && offset < chunk.length; offset += sliceBytes) {
      parsing = await take(await reader.write(chunk.subarray(offset, offset + sliceBytes)));
      options.onProgress?.({
        bytesRead: bytes - chunk.length + Math.min(offset + sliceBytes, chunk.length),
        rows: report.submitted,
        accepted: report.accepted,
        rejected: report.rejected,
      });
    }
  }
  if (parsing) await take(await reader.end());
  if (!layout) throw invalidCsv('the file is empty; a header row naming an email column is required');
  await flush(0);
  options.log.info(
    { rows: report.submitted, accepted: report.accepted, rejected: report.rejected },
    'csv import finished',
  );
  return builder.finish();
}

function invalidCsv(reason: string): ProblemError {
  return new ProblemError(problem(400, 'invalid-csv', `Not an importable CSV file: ${reason}.`));
}

/** An import that stops part-way; batches already sent stay imported, and the detail says so. */
function stopped(status: number, kind: string, detail: string, builder: ImportReportBuilder): ProblemError {
  const { accepted } = builder.report;
  const done = accepted > 0 ? ` ${accepted} rows were imported before that.` : ' Nothing was imported.';
  return new ProblemError(problem(status, kind, `${detail}${done}`));
}
