// Leads as CSV (RFC 4180, CRLF) in the columns the import reads back: the header names are those
// POST /api/leads/import recognises, tags are ";"-separated as in an imported cell. Cells that a
// spreadsheet would read as a formula are neutralised by csvCell.
import type { Lead } from './lead-mapping';
import { csvCell } from './scrape-results-csv';

const columns: [header: string, value: (lead: Lead) => string | null][] = [
  ['email', (lead) => lead.email],
  ['first_name', (lead) => lead.firstName],
  ['last_name', (lead) => lead.lastName],
  ['company', (lead) => lead.company],
  ['title', (lead) => lead.title],
  ['phone', (lead) => lead.phone],
  ['website', (lead) => lead.website],
  ['source_url', (lead) => lead.sourceUrl],
  ['collected_at', (lead) => lead.collectedAt],
  ['verification_status', (lead) => lead.verificationStatus],
  ['tags', (lead) => lead.tags.join(';')],
  // One JSON column: the set of custom keys varies from lead to lead and is not known before the
  // last page, and the export never holds more than a page.
  [
    'custom_fields',
    (lead) => (Object.keys(lead.customFields).length > 0 ? JSON.stringify(lead.customFields) : null),
  ],
  ['created_at', (lead) => lead.createdAt],
  ['id', (lead) => lead.id],
];

export const leadsCsvHeader = `${columns.map(([header]) => header).join(',')}\r\n`;

/** One lead as a CSV line, CRLF-terminated. */
export function leadCsvLine(lead: Lead): string {
  return `${columns.map(([, value]) => csvCell(value(lead))).join(',')}\r\n`;
}
