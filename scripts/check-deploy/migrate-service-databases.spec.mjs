// The migration Job's steps for sharded services, against the machine's PostgreSQL (127.0.0.1:5432):
// create-databases.mjs then migrate-service-databases.cjs, with EMAIL_DATABASE_URLS and
// CAMPAIGN_DATABASE_URLS of two shards each, leave every shard with every migration of its service.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createDatabases } from '../../deploy/scripts/create-databases.mjs';
import { ensureServices } from '../ensure-services.mjs';

const require = createRequire(import.meta.url);
require('@swc-node/register'); // the services' migrations are TypeScript
const { migrateServiceDatabases } = require('../../deploy/scripts/migrate-service-databases.cjs');

const suffix = randomBytes(4).toString('hex');
const server = '127.0.0.1:5432';
const shards = (service) => [0, 1].map((index) => `cr_${service}_${index}_${suffix}`);
const databases = { email: shards('email'), campaign: shards('campaign') };
// A password the log must never show (the machine's PostgreSQL trusts loopback, so it is not checked).
const urlOf = (database) => `postgres://postgres:pw-${suffix}@${server}/${database}`;
const env = {
  EMAIL_DATABASE_URLS: databases.email.map(urlOf).join(','),
  CAMPAIGN_DATABASE_URLS: databases.campaign.map(urlOf).join(', '),
};

async function query(database, sql) {
  const client = new pg.Client({ connectionString: `postgres://postgres@${server}/${database}` });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

before(async () => {
  try {
    await query('postgres', 'SELECT 1');
  } catch {
    await ensureServices(); // only when PostgreSQL is down: it also installs the browser tests' tools
  }
});

after(async () => {
  for (const database of [...databases.email, ...databases.campaign])
    await query('postgres', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

test(
  'creates and migrates every email and campaign shard, and a second run finds them up to date',
  { timeout: 300_000 },
  async () => {
    const lines = [];
    const log = (line) => lines.push(line);
    await createDatabases(env, log);
    await migrateServiceDatabases(env, log);
    const { emailMigrations } = require('@coldreach/email-service');
    const { campaignMigrations } = require('@coldreach/campaign-service');
    // TypeORM's name for a migration: the instance's `name`, else its class's (a factory builds some).
    const namesOf = (migrations) =>
      migrations.map((Migration) => new Migration().name || Migration.name).sort();
    const expected = { email: namesOf(emailMigrations), campaign: namesOf(campaignMigrations) };
    for (const [service, names] of Object.entries(databases))
      for (const database of names) {
        const applied = await query(database, 'SELECT name FROM schema_migrations ORDER BY name');
        assert.deepEqual(
          applied.rows.map((row) => row.name),
          expected[service],
          `${database} has every ${service} migration`,
        );
      }

    const again = [];
    await migrateServiceDatabases(env, (line) => again.push(line));
    assert.deepEqual(again, [
      `campaign database, shard 0 (${server}/${databases.campaign[0]}): up to date`,
      `campaign database, shard 1 (${server}/${databases.campaign[1]}): up to date`,
      `email database, shard 0 (${server}/${databases.email[0]}): up to date`,
      `email database, shard 1 (${server}/${databases.email[1]}): up to date`,
    ]);
    assert.ok(
      [...lines, ...again].every((line) => !line.includes('pw-')),
      'no password in the log',
    );
  },
);

test('refuses a service given both its one-database and its shard variable, naming them', async () => {
  await assert.rejects(
    migrateServiceDatabases({ ...env, EMAIL_DATABASE_URL: urlOf(databases.email[0]) }, () => {}),
    /set EMAIL_DATABASE_URL or EMAIL_DATABASE_URLS, not both/,
  );
  await assert.rejects(
    migrateServiceDatabases({}, () => {}),
    /set any of CAMPAIGN_DATABASE_URL, /,
  );
});
