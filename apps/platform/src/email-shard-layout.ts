import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dataDirPaths } from './data-dir';

/**
 * Workspaces are routed to email shards by the shard count, so the count is fixed with the data, in
 * the data directory's layout file. A layout without it (data from before email shards) was made
 * with one shard, the `email` schema; so is a new data directory's unless told otherwise.
 * `newDataDir`: the layout file did not exist when this start began.
 */
export function checkEmailShardLayout(dataDir: string, emailShards: number, newDataDir: boolean): void {
  const { layoutFile } = dataDirPaths(dataDir);
  const recorded = existsSync(layoutFile)
    ? (JSON.parse(readFileSync(layoutFile, 'utf8')) as Record<string, unknown>)
    : {};
  const madeWith =
    typeof recorded.emailShards === 'number' ? recorded.emailShards : newDataDir ? emailShards : 1;
  if (madeWith !== emailShards)
    throw new Error(
      `EMBEDDED_EMAIL_SHARDS is ${emailShards} but the email data in ${dataDir} was created with ${madeWith} ` +
        `shards: set it back to ${madeWith} (moving workspaces between shards is the resharding tool's)`,
    );
  if (recorded.emailShards === undefined)
    writeFileSync(layoutFile, JSON.stringify({ ...recorded, emailShards }, null, 2));
}

/** The email shards' PGlite schemas: the first keeps the name of the one schema before sharding. */
export function emailShardSchemas(emailShards: number): string[] {
  return Array.from({ length: emailShards }, (_, index) => (index === 0 ? 'email' : `email_shard_${index}`));
}
