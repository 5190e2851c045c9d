/** What happened to an import; `accepted + rejected = submitted`, and accepted = created + merged. */
export interface ImportReport {
  submitted: number;
  accepted: number;
  rejected: number;
  created: number;
  merged: number;
  /** Rejected rows counted by the kind of reason (what varies from row to row left out). */
  rejectedByReason: Record<string, number>;
  /** The first rejected rows by row number (1 is the first data row after the header), at most the cap. */
  errors: { row: number; reason: string }[];
  /** True when more rows were rejected than `errors` lists. */
  errorsTruncated: boolean;
}

/** Collects an import's outcome in memory bounded by the error cap, whatever the file holds. */
export interface ImportReportBuilder {
  readonly report: Readonly<Omit<ImportReport, 'errors' | 'errorsTruncated' | 'rejectedByReason'>>;
  /** Counts a new data row and returns its number. */
  nextRow(): number;
  created(): void;
  merged(): void;
  /** `key` groups the rejection; by default it is derived from the reason (see {@link reasonKey}). */
  reject(row: number, reason: string, key?: string): void;
  /** The answer: counts, and the first errors in row order. */
  finish(): ImportReport;
}

/** More distinct reasons than this are counted together, so a hostile file cannot grow the map. */
export const maxReasonKeys = 50;
const otherReasons = 'other reasons';
const maxKeyLength = 120;

export function createImportReport(maxErrors: number): ImportReportBuilder {
  const report = { submitted: 0, accepted: 0, rejected: 0, created: 0, merged: 0 };
  const byReason = new Map<string, number>();
  // Rows arrive almost in order (a batch's results come back after later rows were read), so the
  // list is let grow to twice the cap, then cut to the lowest rows; rows past the cut are dropped.
  let errors: { row: number; reason: string }[] = [];
  let truncated = false;
  let highestKept = Infinity;

  function cut(): void {
    errors.sort((a, b) => a.row - b.row);
    if (errors.length <= maxErrors) return;
    errors = errors.slice(0, maxErrors);
    truncated = true;
    highestKept = errors.at(-1)?.row ?? 0;
  }

  return {
    report,
    nextRow: () => ++report.submitted,
    created() {
      report.created++;
      report.accepted++;
    },
    merged() {
      report.merged++;
      report.accepted++;
    },
    reject(row, reason, key = reasonKey(reason)) {
      report.rejected++;
      const group = byReason.has(key) || byReason.size < maxReasonKeys ? key : otherReasons;
      byReason.set(group, (byReason.get(group) ?? 0) + 1);
      if (row > highestKept || maxErrors === 0) {
        truncated = true;
        return;
      }
      errors.push({ row, reason });
      if (errors.length >= 2 * maxErrors) cut();
    },
    finish() {
      cut();
      return {
        ...report,
        rejectedByReason: Object.fromEntries(byReason),
        errors,
        errorsTruncated: truncated,
      };
    },
  };
}

/**
 * The group a reason is counted under. Reasons from the Client service read `field: problem[; …]`;
 * the first violation is kept, with indexes and custom field names (which come from the file) dropped:
 * `tags[3]: must not be empty` → `tags[]: must not be empty`.
 */
export function reasonKey(reason: string): string {
  const first = reason.split('; ')[0] ?? reason;
  const colon = first.indexOf(': ');
  const key =
    colon < 0
      ? first
      : `${first
          .slice(0, colon)
          .replace(/\[\d*\]/g, '[]')
          .replace(/^custom_fields\..*/s, 'custom_fields.<key>')}${first.slice(colon)}`;
  return key.length > maxKeyLength ? `${key.slice(0, maxKeyLength - 1)}…` : key;
}
