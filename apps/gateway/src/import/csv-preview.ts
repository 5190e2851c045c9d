import { createCsvRecordReader } from './csv-record-reader';

/** The header row and the first data row (empty when there is none) of the start of a CSV file. */
export interface CsvPreview {
  header: string[];
  sample: string[];
}

/**
 * Reads the start of a file exactly as the import will (the same delimiter sniffing and parser), so
 * a mapping made from it has one entry per column the import sees. `complete` says the text is the
 * whole file: otherwise a last record without its line break may be cut short and is left out.
 * Throws a reason fit to show when not even a header can be read.
 */
export async function previewCsv(text: string, complete: boolean): Promise<CsvPreview> {
  const reader = createCsvRecordReader();
  const written = await reader.write(text);
  const records = written.records;
  if (written.error === undefined && complete && records.length < 2) {
    const ended = await reader.end();
    records.push(...ended.records);
    if (records.length === 0 && ended.error) throw new Error(ended.error);
  }
  if (records.length === 0 && written.error) throw new Error(written.error);
  const [header, sample = []] = records;
  if (!header) throw new Error('the file is empty; a header row naming an email column is required');
  return { header, sample };
}
