// Runs the pending migrations of the campaign, email, scraper and analytics services' databases, after
// deploy/scripts/create-databases.mjs has created them:
//
//   node -r @swc-node/register deploy/scripts/migrate-service-databases.cjs
//
// The campaign and email services have one database (CAMPAIGN_DATABASE_URL, EMAIL_DATABASE_URL) or one per
// shard (CAMPAIGN_DATABASE_URLS, EMAIL_DATABASE_URLS, comma-separated), and every shard gets every
// migration; as in the services' own config, a service with both variables set is refused. SCRAPER_ and
// ANALYTICS_DATABASE_URL name one database each. Unset variables are skipped; all unset is an error.
//
// `admin migrate` covers the gateway database and the client shards only, and these services would
// otherwise migrate on start, where several replicas would race on the schema. With this step in the
// migration Job (and compose's `migrate`), every app runs with MIGRATE_ON_START=false. Retire it once
// `admin migrate` migrates these databases too.
//
// CommonJS so that @swc-node/register compiles the services' TypeScript on require. Logs name hosts and
// databases, never credentials.

const services = [
  {
    what: 'campaign database',
    variables: ['CAMPAIGN_DATABASE_URL', 'CAMPAIGN_DATABASE_URLS'],
    open: (url) => require('@coldreach/campaign-service').openCampaignDatabase({ url }, { migrate: false }),
  },
  {
    what: 'email database',
    variables: ['EMAIL_DATABASE_URL', 'EMAIL_DATABASE_URLS'],
    open: (url) => require('@coldreach/email-service').openEmailDatabase({ url }, { migrate: false }),
  },
  {
    what: 'scraper database',
    variables: ['SCRAPER_DATABASE_URL'],
    open: (url) => require('@coldreach/scraper-service').openScraperDatabase({ url }, { migrate: false }),
  },
  {
    what: 'analytics database',
    variables: ['ANALYTICS_DATABASE_URL'],
    open: (url) => require('@coldreach/analytics-service').openAnalyticsDatabase({ url }, { migrate: false }),
  },
];

const allVariables = services.flatMap((service) => service.variables);

function describe(raw) {
  try {
    const url = new URL(raw);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'an unparsable URL'; // the value itself may hold a password: never echo it
  }
}

/** Each database to migrate, in order: {what, open, url}; throws naming a service with both variables set. */
function targetsFrom(env) {
  const targets = [];
  for (const { what, variables, open } of services) {
    const set = variables.filter((variable) => (env[variable] ?? '').trim() !== '');
    if (set.length > 1) throw new Error(`set ${set.join(' or ')}, not both`);
    if (set.length === 0) continue;
    const urls = env[set[0]]
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean);
    const sharded = set[0].endsWith('_URLS');
    for (const [index, url] of urls.entries())
      targets.push({ what: sharded ? `${what}, shard ${index}` : what, open, url });
  }
  if (targets.length === 0) throw new Error(`set any of ${allVariables.join(', ')}`);
  return targets;
}

/** Migrates every database the variables in `env` name, one after another; throws naming the first failure. */
async function migrateServiceDatabases(
  env,
  log = (line) => console.log(`migrate-service-databases: ${line}`),
) {
  for (const target of targetsFrom(env)) {
    const where = `${target.what} (${describe(target.url)})`;
    let dataSource;
    try {
      dataSource = await target.open(target.url);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      log(
        applied.length === 0
          ? `${where}: up to date`
          : `${where}: applied ${applied.map((migration) => migration.name).join(', ')}`,
      );
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await dataSource?.destroy();
    }
  }
}

module.exports = { migrateServiceDatabases, variables: allVariables };

if (require.main === module)
  migrateServiceDatabases(process.env).then(
    () => process.exit(0),
    (error) => {
      console.error(`migrate-service-databases: ${error.message}`);
      process.exit(1);
    },
  );
