import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Scraper service's tables: jobs, the frontier (every URL a job has seen, with its state — the
 * crawl's memory lives here, not in a worker), each host's robots.txt per job, the contacts found,
 * the trap families cut off, and each workspace's pages per day (its quota).
 */
export class CreateScraperTables1764900000000 implements MigrationInterface {
  name = 'CreateScraperTables1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE scrape_jobs (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        spec jsonb NOT NULL,
        status text NOT NULL,
        pages_admitted integer NOT NULL DEFAULT 0,
        -- URLs of every kind queued or being fetched: the job ends when it reaches 0.
        open_urls integer NOT NULL DEFAULT 0,
        pages_crawled integer NOT NULL DEFAULT 0,
        pages_failed integer NOT NULL DEFAULT 0,
        pages_skipped integer NOT NULL DEFAULT 0,
        javascript_only_pages integer NOT NULL DEFAULT 0,
        contacts_found integer NOT NULL DEFAULT 0,
        error_message text NOT NULL DEFAULT '',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz(3),
        ended_at timestamptz(3),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX scrape_jobs_listing_idx ON scrape_jobs (workspace_id, created_at DESC, id DESC)',
    );
    await runner.query(
      `CREATE INDEX scrape_jobs_active_idx ON scrape_jobs (workspace_id) WHERE status IN ('queued', 'running')`,
    );

    // Every claim takes the next token, so a worker whose lease ran out cannot commit the page.
    await runner.query('CREATE SEQUENCE scrape_fencing_tokens');
    // kind: page (counts toward max pages), robots or sitemap. state: queued → fetching → done |
    // failed | skipped. url_key is md5(url): the primary key stays small whatever the URL's length.
    await runner.query(`
      CREATE TABLE scrape_frontier (
        job_id uuid NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        url_key uuid NOT NULL,
        seq bigserial,
        url text NOT NULL,
        origin text NOT NULL,
        kind text NOT NULL,
        depth integer NOT NULL,
        similarity_key text NOT NULL DEFAULT '',
        state text NOT NULL DEFAULT 'queued',
        not_before timestamptz(3) NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        fencing_token bigint,
        lease_owner text,
        lease_until timestamptz(3),
        error text,
        finished_at timestamptz(3),
        PRIMARY KEY (job_id, url_key)
      )`);
    await runner.query(
      `CREATE INDEX scrape_frontier_queued_idx ON scrape_frontier (seq) WHERE state = 'queued'`,
    );
    await runner.query(
      `CREATE INDEX scrape_frontier_leases_idx ON scrape_frontier (lease_until) WHERE state = 'fetching'`,
    );
    await runner.query(
      `CREATE INDEX scrape_frontier_open_idx ON scrape_frontier (job_id) WHERE state IN ('queued', 'fetching')`,
    );
    await runner.query(
      `CREATE INDEX scrape_frontier_errors_idx ON scrape_frontier (job_id, finished_at DESC) WHERE state = 'failed' AND kind = 'page'`,
    );
    await runner.query(
      'CREATE INDEX scrape_frontier_similar_idx ON scrape_frontier (job_id, similarity_key)',
    );

    // robots_state: pending (its robots.txt not fetched yet: the host's pages wait), ready, or
    // unreachable (5xx or no answer: the host counts as disallowed, RFC 9309 §2.3.1.4).
    await runner.query(`
      CREATE TABLE scrape_hosts (
        job_id uuid NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        origin text NOT NULL,
        robots_state text NOT NULL,
        robots_txt text NOT NULL DEFAULT '',
        PRIMARY KEY (job_id, origin)
      )`);

    await runner.query(`
      CREATE TABLE scrape_results (
        id uuid PRIMARY KEY,
        seq bigserial,
        workspace_id uuid NOT NULL,
        job_id uuid NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        email text NOT NULL,
        name text NOT NULL DEFAULT '',
        title text NOT NULL DEFAULT '',
        phone text NOT NULL DEFAULT '',
        company text NOT NULL DEFAULT '',
        source_url text NOT NULL,
        social_profiles text[] NOT NULL DEFAULT '{}',
        client_id uuid,
        found_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (job_id, email)
      )`);
    await runner.query('CREATE INDEX scrape_results_listing_idx ON scrape_results (job_id, seq)');

    await runner.query(`
      CREATE TABLE scrape_traps (
        job_id uuid NOT NULL REFERENCES scrape_jobs (id) ON DELETE CASCADE,
        similarity_key text NOT NULL,
        PRIMARY KEY (job_id, similarity_key)
      )`);

    await runner.query(`
      CREATE TABLE scrape_workspace_days (
        workspace_id uuid NOT NULL,
        day date NOT NULL,
        pages integer NOT NULL DEFAULT 0,
        PRIMARY KEY (workspace_id, day)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['scrape_workspace_days', 'scrape_traps', 'scrape_results', 'scrape_hosts']) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query('DROP TABLE scrape_frontier');
    await runner.query('DROP SEQUENCE scrape_fencing_tokens');
    await runner.query('DROP TABLE scrape_jobs');
  }
}
