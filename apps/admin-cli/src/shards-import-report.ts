import { formatTable } from './format-table';
import type { WholeTableCopy } from './shards-import-tables';
import type { ShardWrites } from './shards-import-target';
import type { ShardVerification } from './shards-import-verify';

/** The verification report: per shard what was routed, written and found, and both checksums. */
export function printImportReport(
  print: (line: string) => void,
  report: {
    writes: ShardWrites[];
    verification: ShardVerification[];
    rowsAfter: number[];
    tables: WholeTableCopy[];
  },
): void {
  for (const { table, sourceRows, inserted, missing } of report.tables) {
    print(
      `${table.name}: ${sourceRows} rows in the source copied to ${table.everyShard ? 'every shard' : 'shard 0'}` +
        ` (${inserted} new there, ${missing} missing)`,
    );
  }
  const headers = [
    'SHARD',
    'SOURCE ROWS',
    'INSERTED',
    'UPDATED',
    'ROWS AFTER',
    'SOURCE CHECKSUM',
    'SHARD CHECKSUM',
    'MISMATCHES',
  ];
  const rows = report.verification.map((shard, index) => [
    String(index),
    String(shard.sourceRows),
    String(report.writes[index]?.inserted ?? 0),
    String(report.writes[index]?.updated ?? 0),
    String(report.rowsAfter[index] ?? 0),
    shard.sourceChecksum,
    shard.shardChecksum,
    String(shard.mismatches),
  ]);
  for (const line of formatTable(headers, rows)) print(line);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const inserted = sum(report.writes.map((shard) => shard.inserted));
  const updated = sum(report.writes.map((shard) => shard.updated));
  const sourceRows = sum(report.verification.map((shard) => shard.sourceRows));
  const mismatches = sum(report.verification.map((shard) => shard.mismatches));
  print(
    `Source rows: ${sourceRows}; changed: ${inserted + updated} (${inserted} inserted, ${updated} updated); ` +
      `checksums: ${mismatches === 0 ? 'all equal' : `${mismatches} mismatches`}`,
  );
}
