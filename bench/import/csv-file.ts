import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** What the import must answer for the generated file. */
export interface ExpectedCounts {
  rows: number;
  created: number;
  merged: number;
  rejected: number;
  rejectedAtGateway: number;
  rejectedByService: number;
  bytes: number;
}

export const csvColumns = [
  'email',
  'first_name',
  'last_name',
  'company',
  'title',
  'phone',
  'website',
  'tags',
];

/**
 * Writes `rows` data rows to `path`, deterministically: every 100th row repeats an earlier row's
 * address in upper case (a duplicate to merge: the service compares addresses normalised), every
 * 400th an address without an @ (rejected by the gateway) and every 400th, 200 rows on, a phone
 * that is no phone number (rejected by the Client service, so per-row errors come back through
 * the batch). Every row has the same column count, so `psql \copy` takes the same file.
 */
export async function writeImportCsv(path: string, rows: number): Promise<ExpectedCounts> {
  const out = createWriteStream(path);
  const counts = { rows, created: 0, merged: 0, rejectedAtGateway: 0, rejectedByService: 0 };
  let bytes = 0;
  let text = `${csvColumns.join(',')}\n`;
  for (let row = 1; row <= rows; row++) {
    let email = `lead${row}@import${row % 97}.example`;
    let phone = `+1 555 ${String(row % 10_000).padStart(4, '0')}`;
    if (row % 400 === 0) {
      email = `no-at-sign-${row}.example`;
      counts.rejectedAtGateway++;
    } else if (row % 400 === 200) {
      phone = 'call me maybe';
      counts.rejectedByService++;
    } else if (row % 100 === 50) {
      // An earlier good row (never a multiple of 100 away from a rejected one): 37 rows back.
      const earlier = row - 37;
      email = `LEAD${earlier}@IMPORT${earlier % 97}.EXAMPLE`;
      counts.merged++;
    } else counts.created++;
    text += `${email},First${row},Last${row},"Company ${row % 5000}, Inc.",Head of Sales,${phone},https://company${row % 5000}.example,import;bench\n`;
    if (text.length >= 64 * 1024 || row === rows) {
      bytes += Buffer.byteLength(text);
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  if (text) {
    bytes += Buffer.byteLength(text);
    out.write(text);
  }
  out.end();
  await once(out, 'finish');
  return {
    ...counts,
    rejected: counts.rejectedAtGateway + counts.rejectedByService,
    bytes,
  };
}
