import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What embedded mode keeps under its data directory besides the database itself. */
export function dataDirPaths(dataDir: string) {
  return {
    pglite: join(dataDir, 'pglite'),
    pidFile: join(dataDir, 'platform.pid'),
    apiKeyFile: join(dataDir, 'api-key'),
    adminPasswordFile: join(dataDir, 'admin-password'),
    layoutFile: join(dataDir, 'platform.json'),
    secretsFile: join(dataDir, 'secrets.json'),
  };
}

/**
 * Takes the data directory for this process. PGlite allows one process per data directory, so a
 * second `npm start` (or the admin CLI) must refuse rather than corrupt it.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const { pidFile } = dataDirPaths(dataDir);
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Cold Reach is already running on this data directory (pid ${pid}, ${dataDir})`);
    }
  }
  writeFileSync(pidFile, String(process.pid));
  return () => rmSync(pidFile, { force: true });
}

/**
 * Client ids are routed by the bucket map stored in the shards, seeded as `bucket % shardCount` on
 * first start; the embedded count is fixed when the data is created (`shards reshard` needs the
 * connected mode), so a changed setting cannot silently leave buckets on a schema nobody opens.
 */
export function checkShardLayout(dataDir: string, shardCount: number): void {
  const { layoutFile } = dataDirPaths(dataDir);
  if (!existsSync(layoutFile)) {
    writeFileSync(layoutFile, JSON.stringify({ clientShards: shardCount }, null, 2));
    return;
  }
  const layout = JSON.parse(readFileSync(layoutFile, 'utf8')) as { clientShards: number };
  if (layout.clientShards !== shardCount) {
    throw new Error(
      `EMBEDDED_CLIENT_SHARDS is ${shardCount} but the data in ${dataDir} was created with ${layout.clientShards} shards`,
    );
  }
}

/**
 * Workspaces are routed to campaign shards by the shard count, so the count is fixed with the data,
 * kept in the same layout file as the client shards'. Data from before campaign shards (a layout
 * file that was there before this start, without the count) was created with one: the `campaign`
 * schema. `newDataDir`: the layout file did not exist when this start began.
 */
export function checkCampaignShardLayout(dataDir: string, shardCount: number, newDataDir: boolean): void {
  const { layoutFile } = dataDirPaths(dataDir);
  const layout = existsSync(layoutFile)
    ? (JSON.parse(readFileSync(layoutFile, 'utf8')) as { campaignShards?: number })
    : {};
  const created = layout.campaignShards ?? (newDataDir ? shardCount : 1);
  if (created !== shardCount) {
    throw new Error(
      `EMBEDDED_CAMPAIGN_SHARDS is ${shardCount} but the data in ${dataDir} was created with ${created} campaign shards`,
    );
  }
  if (layout.campaignShards === undefined) {
    writeFileSync(layoutFile, JSON.stringify({ ...layout, campaignShards: shardCount }, null, 2));
  }
}

/** The campaign shards' schemas: the first keeps the name of the one schema before sharding. */
export function campaignShardSchemas(shardCount: number): string[] {
  return Array.from({ length: shardCount }, (_, index) =>
    index === 0 ? 'campaign' : `campaign_shard_${index}`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Keys embedded mode generates once and keeps: they seal SMTP passwords and sign unsubscribe links. */
export interface EmbeddedSecrets {
  credentialsKey: Buffer;
  unsubscribeSecret: string;
}

/** Reads the data directory's secrets, creating them (readable by the owner only) on the first run. */
export function loadOrCreateSecrets(dataDir: string): EmbeddedSecrets {
  const { secretsFile } = dataDirPaths(dataDir);
  if (!existsSync(secretsFile)) {
    const fresh = {
      credentialsKey: randomBytes(32).toString('base64'),
      unsubscribeSecret: randomBytes(32).toString('hex'),
    };
    writeFileSync(secretsFile, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  }
  const stored = JSON.parse(readFileSync(secretsFile, 'utf8')) as {
    credentialsKey: string;
    unsubscribeSecret: string;
  };
  return {
    credentialsKey: Buffer.from(stored.credentialsKey, 'base64'),
    unsubscribeSecret: stored.unsubscribeSecret,
  };
}
