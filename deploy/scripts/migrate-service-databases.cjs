// Runs the pending migrations of the campaign, email, scraper and analytics services' databases
// (CAMPAIGN_DATABASE_URL, EMAIL_DATABASE_URL, SCRAPER_DATABASE_URL, ANALYTICS_DATABASE_URL), after
// deploy/scripts/create-databases.mjs has created them:
//
//   node -r @swc-node/register deploy/scripts/migrate-service-databases.cjs
//
// `admin migrate` covers the gateway database and the client shards only, and these services would
// otherwise migrate on start, where several replicas would race on the schema. With this step in the
// migration Job (and compose's `migrate`), every app runs with MIGRATE_ON_START=false. Retire it once
// `admin migrate` migrates these databases too.
//
// CommonJS so that @swc-node/register compiles the services' TypeScript on require. Logs name hosts and
// databases, never credentials.

const targets = [
  {
    what: 'campaign database',
    variable: 'CAMPAIGN_DATABASE_URL',
    open: (url) => require('@coldreach/campaign-service').openCampaignDatabase({ url }, { migrate: false }),
  },
  {
    what: 'email database',
    variable: 'EMAIL_DATABASE_URL',
    open: (url) => require('@coldreach/email-service').openEmailDatabase({ url }, { migrate: false }),
  },
  {
    what: 'scraper database',
    variable: 'SCRAPER_DATABASE_URL',
    open: (url) => require('@coldreach/scraper-service').openScraperDatabase({ url }, { migrate: false }),
  },
  {
    what: 'analytics database',
    variable: 'ANALYTICS_DATABASE_URL',
    open: (url) => require('@coldreach/analytics-service').openAnalyticsDatabase({ url }, { migrate: false }),
  },
];

function describe(raw) {
  try {
    const url = new URL(raw);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'an unparsable URL'; // the value itself may hold a password: never echo it
  }
}

async function main() {
  const chosen = targets.filter((target) => (process.env[target.variable] ?? '').trim() !== '');
  if (chosen.length === 0)
    throw new Error(
      'set CAMPAIGN_DATABASE_URL, EMAIL_DATABASE_URL, SCRAPER_DATABASE_URL and/or ANALYTICS_DATABASE_URL',
    );
  for (const target of chosen) {
    const raw = process.env[target.variable].trim();
    const where = `${target.what} (${describe(raw)})`;
    let dataSource;
    try {
      dataSource = await target.open(raw);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(
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

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`migrate-service-databases: ${error.message}`);
    process.exit(1);
  },
);
