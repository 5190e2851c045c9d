import { isUuid } from '@coldreach/ids';
import { urlSchema } from '@coldreach/config';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { CommandError, UsageError } from './cli-errors';
import { createProgress } from './shards-import-progress';
import { checkImportShards } from './shards-import-checks';
import { printImportReport } from './shards-import-report';
import { openImportSource, type ImportSource } from './shards-import-source';
import { rowJson } from './shards-import-sql';
import { copyWholeTable, wholeTables } from './shards-import-tables';
import { openImportTarget, type ImportTarget, type ShardWrites } from './shards-import-target';
import { verifyImport } from './shards-import-verify';

const command = 'shards import';
const postgresUrl = urlSchema(['postgres:', 'postgresql:']);

/**
 * Copies a legacy single-database `clients` table into the client shards, each row to the shard the
 * Client service routes it to, then verifies every row. Idempotent: a re-run (after a kill too) copies
 * what is missing or different and changes nothing else.
 */
export async function shardsImportCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const options = readOptions(args);
  // Resolve the shard list first, so a missing CLIENT_SHARD_URLS touches no database.
  const locations = (await context.databases()).clientShards();
  const source = await openImportSource(options.from);
  try {
    const columns = await checkImportShards(locations, source);
    const target = await openImportTarget(locations, columns);
    try {
      await importAndVerify(source, target, options, context);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

interface ImportOptions {
  from: string;
  after: string | undefined;
  batchSize: number;
}

function readOptions(args: readonly string[]): ImportOptions {
  const { flags } = parseArgs(command, args, { flags: ['from', 'after', 'batch-size'], positionals: [] });
  const from = flags.get('from');
  if (from === undefined) throw new UsageError(`${command}: missing --from <postgres-url>`);
  if (!postgresUrl.safeParse(from).success) {
    throw new UsageError(`${command}: --from must be a URL starting with postgres:// or postgresql://`);
  }
  const after = flags.get('after')?.toLowerCase();
  if (after !== undefined && !isUuid(after)) throw new UsageError(`${command}: --after must be a client id`);
  const batchSize = Number(flags.get('batch-size') ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new UsageError(`${command}: --batch-size must be a whole number from 1 to 10000`);
  }
  return { from, after, batchSize };
}

async function importAndVerify(
  source: ImportSource,
  target: ImportTarget,
  options: ImportOptions,
  context: AdminContext,
): Promise<void> {
  const shardCount = target.shards.shards.length;
  const skipped = source.columns.filter((column) => !target.columns.includes(column.name));
  context.print(`Importing clients from ${source.label} into ${shardCount} client shards`);
  if (skipped.length > 0) {
    context.print(`Not copied (no such column on the shards): ${skipped.map((c) => c.name).join(', ')}`);
  }
  const unpublished = await source.unpublishedEvents();
  if (unpublished > 0) {
    context.print(
      `Warning: ${unpublished} events in the source outbox are not published yet and are not copied; ` +
        'let the legacy relay publish them before switching over',
    );
  }
  const writes = await copyRows(source, target, options, context);
  const tables = [];
  for (const table of wholeTables) {
    tables.push(await copyWholeTable(source.query, target.shards.shards, table, options.batchSize));
  }
  const verification = await verifyImport(source, target, options.batchSize);
  const rowsAfter = await Promise.all(writes.map((_, index) => target.count(index)));
  printImportReport(context.print, { writes, verification, rowsAfter, tables });
  const mismatches =
    verification.reduce((sum, shard) => sum + shard.mismatches, 0) +
    tables.reduce((sum, table) => sum + table.missing, 0);
  if (mismatches > 0) {
    throw new CommandError(
      `verification failed: ${mismatches} rows missing, different or on the wrong shard; run the import again`,
    );
  }
}

/** Keyset pages by id; each shard's part of a page is written in one transaction. */
async function copyRows(
  source: ImportSource,
  target: ImportTarget,
  options: ImportOptions,
  context: AdminContext,
): Promise<ShardWrites[]> {
  const writes = target.shards.shards.map(() => ({ inserted: 0, updated: 0 }));
  const progress = createProgress(await source.count(options.after), (line) => context.print(line));
  let after = options.after;
  let done = 0;
  for (;;) {
    const page = await source.page(target.columns, rowJson, after, options.batchSize);
    if (page.length === 0) break;
    after = page[page.length - 1]?.id;
    const pageWrites = await target.write(page);
    for (const [index, result] of pageWrites.entries()) {
      const total = writes[index] as ShardWrites;
      total.inserted += result.inserted;
      total.updated += result.updated;
    }
    done += page.length;
    progress.update(done);
  }
  return writes;
}
