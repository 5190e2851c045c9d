// Creates the PostgreSQL databases named in GATEWAY_DATABASE_URL, CLIENT_SHARD_URLS, CAMPAIGN_DATABASE_URL,
// EMAIL_DATABASE_URL, SCRAPER_DATABASE_URL and ANALYTICS_DATABASE_URL when they are missing, before the
// migrations run inside them. A fresh RDS instance (or a bare Postgres) has only its maintenance
// database, the shard list can grow and a long-lived compose volume predates newer services, so this runs
// on every deploy (idempotent), as the migration Job's init container and first in compose's `migrate`:
//
//   node deploy/scripts/create-databases.mjs
//
// It connects to each server's `postgres` database (override with MAINTENANCE_DATABASE) with the same
// credentials, so that user needs CREATEDB (the RDS master user has it). Logs name hosts and databases,
// never credentials.
import { URL } from 'node:url';
import pg from 'pg';

const DUPLICATE_DATABASE = '42P04';

function fail(message) {
  console.error(`create-databases: ${message}`);
  process.exit(1);
}

function targetsFrom(env) {
  const sources = [
    ['GATEWAY_DATABASE_URL', env.GATEWAY_DATABASE_URL ?? ''],
    ...(env.CLIENT_SHARD_URLS ?? '').split(',').map((url, index) => [`CLIENT_SHARD_URLS[${index}]`, url]),
    ['CAMPAIGN_DATABASE_URL', env.CAMPAIGN_DATABASE_URL ?? ''],
    ['EMAIL_DATABASE_URL', env.EMAIL_DATABASE_URL ?? ''],
    ['SCRAPER_DATABASE_URL', env.SCRAPER_DATABASE_URL ?? ''],
    ['ANALYTICS_DATABASE_URL', env.ANALYTICS_DATABASE_URL ?? ''],
  ];
  const targets = [];
  for (const [variable, raw] of sources) {
    if (raw.trim() === '') continue;
    let url;
    try {
      url = new URL(raw.trim());
    } catch {
      fail(`${variable} is not a URL`); // the value itself may hold a password: never echo it
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
      fail(`${variable} is not a postgres URL`);
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (database === '') fail(`${variable} names no database`);
    targets.push({ variable, url, database });
  }
  if (targets.length === 0)
    fail(
      'set GATEWAY_DATABASE_URL, CLIENT_SHARD_URLS, CAMPAIGN_DATABASE_URL, EMAIL_DATABASE_URL, SCRAPER_DATABASE_URL and/or ANALYTICS_DATABASE_URL',
    );
  return targets;
}

function quoteIdentifier(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

async function ensureDatabase({ url, database }, maintenanceDatabase) {
  const admin = new URL(url);
  admin.pathname = `/${encodeURIComponent(maintenanceDatabase)}`;
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount > 0) return 'exists';
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
      return 'created';
    } catch (error) {
      // Another replica of this job created it between our check and our CREATE.
      if (error.code === DUPLICATE_DATABASE) return 'exists';
      throw error;
    }
  } finally {
    await client.end();
  }
}

const maintenanceDatabase = process.env.MAINTENANCE_DATABASE || 'postgres';
for (const target of targetsFrom(process.env)) {
  const where = `${target.url.hostname}:${target.url.port || 5432}/${target.database}`;
  try {
    const outcome = await ensureDatabase(target, maintenanceDatabase);
    console.log(`create-databases: ${where} ${outcome}`);
  } catch (error) {
    fail(`${where} (${target.variable}): ${error.message}`);
  }
}
