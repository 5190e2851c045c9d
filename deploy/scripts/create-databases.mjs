// Creates the PostgreSQL databases named in GATEWAY_DATABASE_URL, CLIENT_SHARD_URLS, CAMPAIGN_DATABASE_URL(S),
// EMAIL_DATABASE_URL(S), SCRAPER_DATABASE_URL and ANALYTICS_DATABASE_URL when they are missing (every shard
// of a comma-separated list), before the migrations run inside them. A fresh RDS instance (or a bare
// Postgres) has only its maintenance database, a shard list can grow and a long-lived compose volume
// predates newer services, so this runs on every deploy (idempotent), as the migration Job's init
// container and first in compose's `migrate`:
//
//   node deploy/scripts/create-databases.mjs
//
// Two ways:
// - With DATABASE_BOOTSTRAP_URL (a user with CREATEROLE and CREATEDB, e.g. the RDS master; the eks
//   overlay), each URL's user becomes a login role with that URL's password, owns its own databases, and
//   PUBLIC loses CONNECT on them, so a service's role reaches no other service's database. Objects a
//   deployment created earlier as the bootstrap user (before per-service roles) are handed to the
//   database's role. The bootstrap user is used for nothing else.
// - Without it (compose, the local overlay: one superuser), it connects to each server's `postgres`
//   database (override with MAINTENANCE_DATABASE) with the URL's own credentials, which need CREATEDB.
//
// Logs name hosts, roles and databases, never credentials.
import { resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import pg from 'pg';

const DUPLICATE_DATABASE = '42P04';
const DUPLICATE_OBJECT = '42710';

const urlVariables = [
  'GATEWAY_DATABASE_URL',
  'CLIENT_SHARD_URLS',
  'CAMPAIGN_DATABASE_URL',
  'CAMPAIGN_DATABASE_URLS',
  'EMAIL_DATABASE_URL',
  'EMAIL_DATABASE_URLS',
  'SCRAPER_DATABASE_URL',
  'ANALYTICS_DATABASE_URL',
];

function postgresUrl(variable, raw) {
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`${variable} is not a URL`); // the value itself may hold a password: never echo it
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new Error(`${variable} is not a postgres URL`);
  return url;
}

export function targetsFrom(env) {
  const targets = [];
  for (const variable of urlVariables) {
    const values = (env[variable] ?? '').split(',');
    for (const [index, raw] of values.entries()) {
      if (raw.trim() === '') continue;
      const name = values.length > 1 ? `${variable}[${index}]` : variable;
      const url = postgresUrl(name, raw);
      const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
      if (database === '') throw new Error(`${name} names no database`);
      targets.push({ variable: name, url, database, role: decodeURIComponent(url.username) });
    }
  }
  if (targets.length === 0) throw new Error(`set ${urlVariables.join(', ')} (any of them)`);
  return targets;
}

const quoteIdentifier = (name) => `"${name.replaceAll('"', '""')}"`;
const where = (url, database) => `${url.hostname}:${url.port || 5432}/${database}`;

async function withClient(url, database, work) {
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(database)}`;
  const client = new pg.Client({ connectionString: target.toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE unless it exists; true when this call created it. */
async function createDatabase(client, database, owner) {
  const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (existing.rowCount > 0) return false;
  try {
    await client.query(
      `CREATE DATABASE ${quoteIdentifier(database)}${owner ? ` OWNER ${quoteIdentifier(owner)}` : ''}`,
    );
    return true;
  } catch (error) {
    // Another replica of this job created it between our check and our CREATE.
    if (error.code === DUPLICATE_DATABASE) return false;
    throw error;
  }
}

/** A login role with this password (set again on every run, so a rotated secret takes effect). */
async function ensureRole(client, role, password) {
  const literal = client.escapeLiteral(password);
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount === 0) {
    try {
      await client.query(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD ${literal}`);
      return 'created';
    } catch (error) {
      if (error.code !== DUPLICATE_OBJECT) throw error;
    }
  }
  await client.query(`ALTER ROLE ${quoteIdentifier(role)} WITH LOGIN PASSWORD ${literal}`);
  return 'exists';
}

// Objects the bootstrap user still owns in one database (created before per-service roles existed):
// schemas, tables, views, sequences not owned by a column, enum and domain types, functions.
const handOverObjects = (roleLiteral) => `
DO $$
DECLARE
  me oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
  target text := ${roleLiteral};
  item record;
BEGIN
  FOR item IN SELECT nspname FROM pg_namespace
    WHERE nspowner = me AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', item.nspname, target);
  END LOOP;
  FOR item IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relowner = me AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
      AND NOT (c.relkind = 'S' AND EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))) LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, item.name, target);
  END LOOP;
  FOR item IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typowner = me AND t.typtype IN ('e', 'd')
      AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', item.name, target);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.proowner = me AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', item.name, target);
  END LOOP;
END $$`;

async function bootstrapWithRoles(targets, bootstrapUrl, log) {
  const bootstrapUser = decodeURIComponent(bootstrapUrl.username);
  const server = `${bootstrapUrl.hostname}:${bootstrapUrl.port || 5432}`;
  const passwords = new Map();
  for (const target of targets) {
    if (`${target.url.hostname}:${target.url.port || 5432}` !== server)
      throw new Error(`${target.variable} is on another server than DATABASE_BOOTSTRAP_URL (${server})`);
    if (target.role === '' || target.role === bootstrapUser)
      throw new Error(`${target.variable} must name its own user, not the bootstrap user`);
    const password = decodeURIComponent(target.url.password);
    if (password === '') throw new Error(`${target.variable} has no password`);
    if (passwords.has(target.role) && passwords.get(target.role) !== password)
      throw new Error(`${target.variable} gives user ${target.role} another password than an earlier URL`);
    passwords.set(target.role, password);
  }
  const maintenance = decodeURIComponent(bootstrapUrl.pathname.replace(/^\//, '')) || 'postgres';
  await withClient(bootstrapUrl, maintenance, async (client) => {
    for (const [role, password] of passwords) {
      log(`role ${role} ${await ensureRole(client, role, password)}`);
      // Lets the bootstrap user create databases owned by the role (PostgreSQL 16 asks for membership).
      await client.query(`GRANT ${quoteIdentifier(role)} TO CURRENT_USER`);
    }
    for (const { url, database, role } of targets) {
      const created = await createDatabase(client, database, role);
      const name = quoteIdentifier(database);
      await client.query(`ALTER DATABASE ${name} OWNER TO ${quoteIdentifier(role)}`);
      await client.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
      log(`${where(url, database)} ${created ? 'created' : 'exists'}, owned by ${role} only`);
    }
  });
  for (const { database, role } of targets)
    await withClient(bootstrapUrl, database, (client) =>
      client.query(handOverObjects(client.escapeLiteral(role))),
    );
}

/** Creates what the URLs in `env` name; returns nothing, throws naming the problem. */
export async function createDatabases(env, log = (line) => console.log(`create-databases: ${line}`)) {
  const targets = targetsFrom(env);
  const bootstrap = (env.DATABASE_BOOTSTRAP_URL ?? '').trim();
  if (bootstrap !== '') {
    await bootstrapWithRoles(targets, postgresUrl('DATABASE_BOOTSTRAP_URL', bootstrap), log);
    return;
  }
  const maintenance = env.MAINTENANCE_DATABASE || 'postgres';
  for (const { variable, url, database } of targets) {
    try {
      const created = await withClient(url, maintenance, (client) => createDatabase(client, database));
      log(`${where(url, database)} ${created ? 'created' : 'exists'}`);
    } catch (error) {
      throw new Error(`${where(url, database)} (${variable}): ${error.message}`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await createDatabases(process.env);
  } catch (error) {
    console.error(`create-databases: ${error.message}`);
    process.exit(1);
  }
}
