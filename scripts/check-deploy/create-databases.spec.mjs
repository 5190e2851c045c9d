// deploy/scripts/create-databases.mjs against the machine's PostgreSQL (127.0.0.1:5432): with a
// bootstrap user, each service gets a role of its own that owns its database and cannot open another's,
// and tables an earlier deployment created as the bootstrap user are handed to that role.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createDatabases } from '../../deploy/scripts/create-databases.mjs';
import { ensureServices } from '../ensure-services.mjs';

const suffix = randomBytes(4).toString('hex');
const server = '127.0.0.1:5432';
const bootstrapUrl = `postgres://postgres@${server}/postgres`;
const gateway = { role: `cr_gateway_${suffix}`, database: `cr_gateway_${suffix}` };
const campaigns = { role: `cr_campaigns_${suffix}`, database: `cr_campaigns_${suffix}` };
// Two shards sharing one role, as a sharded service's URLs do.
const emailShards = [0, 1].map((index) => ({
  role: `cr_email_${suffix}`,
  database: `cr_email_${index}_${suffix}`,
}));
const urlOf = ({ role, database }) => `postgres://${role}:pw-${role}@${server}/${database}`;
const env = {
  DATABASE_BOOTSTRAP_URL: bootstrapUrl,
  GATEWAY_DATABASE_URL: urlOf(gateway),
  CAMPAIGN_DATABASE_URL: urlOf(campaigns),
  EMAIL_DATABASE_URLS: emailShards.map(urlOf).join(','),
};

async function query(url, sql, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

function postgresAnswers() {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 5432 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

before(async () => {
  // Only when PostgreSQL is down: ensureServices also installs the browser tests' tools.
  if (!(await postgresAnswers())) await ensureServices();
  // An earlier deployment's database, created and migrated as the bootstrap user.
  await query(bootstrapUrl, `CREATE DATABASE ${campaigns.database}`);
  await query(
    `postgres://postgres@${server}/${campaigns.database}`,
    'CREATE TABLE legacy (id serial PRIMARY KEY)',
  );
});

after(async () => {
  await query(bootstrapUrl, `DROP DATABASE IF EXISTS cr_plain_${suffix} WITH (FORCE)`);
  for (const { database } of [gateway, campaigns, ...emailShards])
    await query(bootstrapUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  for (const { role } of [gateway, campaigns, emailShards[0]])
    await query(bootstrapUrl, `DROP ROLE IF EXISTS ${role}`);
});

test(
  'gives each service a role that owns its database and nothing else, twice over',
  { timeout: 120_000 },
  async () => {
    const lines = [];
    await createDatabases(env, (line) => lines.push(line));
    await createDatabases(env, (line) => lines.push(line)); // every deploy runs it again
    assert.ok(
      lines.every((line) => !line.includes('pw-')),
      'no password in the log',
    );

    await query(urlOf(gateway), 'CREATE TABLE own_table (id int)');
    for (const { role, database } of [gateway, ...emailShards]) {
      const owner = await query(
        bootstrapUrl,
        'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
        [database],
      );
      assert.equal(owner.rows[0]?.owner, role, `${database} is owned by ${role}`);
    }
    await query(urlOf(emailShards[1]), 'CREATE TABLE own_table (id int)');

    await assert.rejects(
      query(`postgres://${gateway.role}@${server}/${campaigns.database}`, 'SELECT 1'),
      /permission denied/,
    );
    await assert.rejects(
      query(`postgres://${campaigns.role}@${server}/${gateway.database}`, 'SELECT 1'),
      /permission denied/,
    );

    const legacy = await query(
      `postgres://postgres@${server}/${campaigns.database}`,
      "SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname IN ('legacy', 'legacy_id_seq') ORDER BY relname",
    );
    assert.deepEqual(
      legacy.rows.map((row) => row.owner),
      [campaigns.role, campaigns.role],
    );
    await query(urlOf(campaigns), 'ALTER TABLE legacy ADD COLUMN name text');
  },
);

test('refuses a URL that reuses the bootstrap user or points at another server', async () => {
  await assert.rejects(
    createDatabases({ ...env, GATEWAY_DATABASE_URL: `postgres://postgres:x@${server}/${gateway.database}` }),
    /GATEWAY_DATABASE_URL must name its own user/,
  );
  await assert.rejects(
    createDatabases({ ...env, GATEWAY_DATABASE_URL: `postgres://u:x@10.0.0.9:5432/${gateway.database}` }),
    /GATEWAY_DATABASE_URL is on another server/,
  );
});

test('without a bootstrap user, creates the databases with the URLs own credentials (compose)', async () => {
  const lines = [];
  const env = { GATEWAY_DATABASE_URL: `postgres://postgres@${server}/cr_plain_${suffix}` };
  await createDatabases(env, (line) => lines.push(line));
  await createDatabases(env, (line) => lines.push(line));
  assert.deepEqual(lines, [`${server}/cr_plain_${suffix} created`, `${server}/cr_plain_${suffix} exists`]);
});
