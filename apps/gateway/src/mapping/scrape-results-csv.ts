// A scrape job's results as CSV (RFC 4180, CRLF), safe to open in a spreadsheet: the cells come from
// pages anyone can write, and a cell a spreadsheet would read as a formula (=HYPERLINK(…), +1-…,
// @SUM(…)) is written with a leading apostrophe so it stays text (OWASP "CSV injection").
import type { ScrapeResultJson } from './scrape-mapping';

/** The header row; the column names are those of the JSON results, so both read alike. */
export const scrapeResultsCsvHeader =
  'email,name,title,phone,company,socialProfiles,sourceUrl,foundAt,leadId,jobId\r\n';

// A formula starts with one of these in Excel, LibreOffice and Google Sheets; tab and CR too
// (a leading tab or CR is dropped by some importers, exposing what follows).
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;
const quote = /"/g;

/** One CSV cell: neutralised if it could start a formula, quoted if it holds a separator or quote. */
export function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  const text = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replace(quote, '""')}"` : text;
}

/** One result as a CSV line (CRLF-terminated); social profiles are separated by spaces. */
export function scrapeResultCsvLine(result: ScrapeResultJson): string {
  return (
    [
      result.email,
      result.name,
      result.title,
      result.phone,
      result.company,
      result.socialProfiles.join(' '),
      result.sourceUrl,
      result.foundAt,
      result.leadId,
      result.jobId,
    ]
      .map(csvCell)
      .join(',') + '\r\n'
  );
}
