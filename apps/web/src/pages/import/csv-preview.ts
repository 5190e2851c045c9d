/** The start of a CSV file as the mapping step needs it: the header cells and a sample row. */
export interface CsvPreview {
  header: string[];
  /** The first data row's cells, where there is one (to show what a column holds). */
  sample: string[];
}

/** How much of the file is read in the browser to find the header and a sample row. */
export const previewBytes = 64 * 1024;

/**
 * Reads the first two records of CSV text (RFC 4180: quoted cells may hold commas, quotes as "" and
 * line breaks; CRLF or LF; a UTF-8 byte order mark is dropped). A record cut off by the end of the
 * text is left out, so a preview of a large file never shows half a row.
 */
export function readCsvPreview(text: string): CsvPreview {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    cells.push(cell);
    records.push(cells);
    cells = [];
    cell = '';
  };
  for (; i < text.length && records.length < 2; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      // Blank lines are not records (the import skips them too).
      if (cells.length === 0 && cell === '') continue;
      endRecord();
    } else cell += char;
  }
  // The last record of a short file may end without a line break.
  if (records.length < 2 && !quoted && (cells.length > 0 || cell !== '')) endRecord();
  return { header: records[0] ?? [], sample: records[1] ?? [] };
}
