import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import { verifyCommandEvent } from './verification-events';
import type {
  AddressToCheck,
  JobFilter,
  VerdictName,
  VerificationJob,
  VerificationJobStatus,
} from './verification-job';

interface JobRow {
  id: string;
  workspace_id: string;
  filter: JobFilter;
  status: VerificationJobStatus;
  list_cursor: string;
  total: number;
  checked: number;
  safe: number;
  risky: number;
  invalid: number;
  unknown: number;
  error_message: string;
  created_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  updated_at: Date;
}

const jobOfRow = (row: JobRow): VerificationJob => ({
  id: row.id,
  workspaceId: row.workspace_id,
  filter: row.filter,
  status: row.status,
  total: row.total,
  checked: row.checked,
  byVerdict: { safe: row.safe, risky: row.risky, invalid: row.invalid, unknown: row.unknown },
  errorMessage: row.error_message,
  createdAt: row.created_at,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  updatedAt: row.updated_at,
});

/** A checked item's end: its verdict counts toward its job. */
export interface CheckedItem {
  jobId: string;
  clientId: string;
  verdict: VerdictName;
}

/** All SQL of verification jobs, their items and the workspaces' settings. */
export function createVerificationStore(dataSource: DataSource) {
  const manager = dataSource.manager;

  async function jobOf(db: EntityManager, workspaceId: string, id: string) {
    const [row] = await queryRows<JobRow>(
      db,
      'SELECT * FROM verification_jobs WHERE workspace_id = $1 AND id = $2',
      [workspaceId, id],
    );
    return row && jobOfRow(row);
  }

  /** Ends a running job whose every listed item is checked. */
  async function finishIfChecked(db: EntityManager, jobId: string): Promise<void> {
    await db.query(
      `UPDATE verification_jobs SET status = 'succeeded', ended_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'running' AND checked >= total`,
      [jobId],
    );
  }

  return {
    /** Creates the job, or answers the one created before under the same id (a retried request). */
    async createJob(workspaceId: string, id: string, filter: JobFilter): Promise<VerificationJob> {
      await manager.query(
        `INSERT INTO verification_jobs (id, workspace_id, filter, status) VALUES ($1, $2, $3, 'queued')
         ON CONFLICT (id) DO NOTHING`,
        [id, workspaceId, JSON.stringify(filter)],
      );
      const job = await jobOf(manager, workspaceId, id);
      // The same id in another workspace: a collision of request ids across workspaces is impossible
      // (the id is derived from the workspace), so this is a caller's id reused on purpose.
      if (!job) throw new Error(`verification job ${id} exists in another workspace`);
      return job;
    },

    getJob: (workspaceId: string, id: string) => jobOf(manager, workspaceId, id),

    /** Cancels a queued or running job; answers the job as it is afterwards. */
    async cancelJob(workspaceId: string, id: string): Promise<VerificationJob | undefined> {
      await manager.query(
        `UPDATE verification_jobs SET status = 'cancelled', ended_at = now(), updated_at = now()
         WHERE workspace_id = $1 AND id = $2 AND status IN ('queued', 'running')`,
        [workspaceId, id],
      );
      return jobOf(manager, workspaceId, id);
    },

    /** Queued jobs whose clients are still being listed, oldest first. */
    async queuedJobs(
      limit: number,
    ): Promise<{ id: string; workspaceId: string; filter: JobFilter; cursor: string }[]> {
      const rows = await queryRows<JobRow>(
        manager,
        `SELECT * FROM verification_jobs WHERE status = 'queued' ORDER BY created_at LIMIT $1`,
        [limit],
      );
      return rows.map((row) => ({
        id: row.id,
        workspaceId: row.workspace_id,
        filter: row.filter,
        cursor: row.list_cursor,
      }));
    },

    /**
     * One listed page of a queued job's clients: new items are stored and their commands written to
     * the outbox in one transaction, with where listing resumes; the last page (`nextCursor` '')
     * starts the job running. A page read twice (a crash between listing and this commit) adds
     * nothing twice. Answers false when the job is no longer queued (cancelled meanwhile).
     */
    async addListedPage(
      jobId: string,
      cursor: string,
      items: readonly AddressToCheck[],
      nextCursor: string,
    ): Promise<boolean> {
      return dataSource.transaction(async (db) => {
        const [job] = await queryRows<JobRow>(
          db,
          'SELECT * FROM verification_jobs WHERE id = $1 FOR UPDATE',
          [jobId],
        );
        if (!job || job.status !== 'queued' || job.list_cursor !== cursor) return false;
        const inserted = await queryRows<{ client_id: string }>(
          db,
          `INSERT INTO verification_items (job_id, client_id, email)
           SELECT $1, c, e FROM unnest($2::uuid[], $3::text[]) AS t(c, e)
           ON CONFLICT DO NOTHING RETURNING client_id`,
          [jobId, items.map((item) => item.clientId), items.map((item) => item.email)],
        );
        const fresh = new Set(inserted.map((row) => row.client_id));
        await writeOutboxEvents(db, items.filter((item) => fresh.has(item.clientId)).map(verifyCommandEvent));
        await db.query(
          `UPDATE verification_jobs SET total = total + $2, list_cursor = $3, updated_at = now(),
             status = CASE WHEN $3 = '' THEN 'running' ELSE status END,
             started_at = CASE WHEN $3 = '' THEN now() ELSE started_at END
           WHERE id = $1`,
          [jobId, fresh.size, nextCursor],
        );
        if (nextCursor === '') await finishIfChecked(db, jobId);
        return true;
      });
    },

    /** A job that could not list its clients. */
    async failJob(jobId: string, message: string): Promise<void> {
      await manager.query(
        `UPDATE verification_jobs SET status = 'failed', error_message = $2, ended_at = now(), updated_at = now()
         WHERE id = $1 AND status IN ('queued', 'running')`,
        [jobId, message],
      );
    },

    /**
     * Which of these items still need a check: their job queued or running, the item not done.
     * Answers each open item's attempts so far.
     */
    async openItems(items: readonly AddressToCheck[]): Promise<Map<string, number>> {
      if (items.length === 0) return new Map();
      const rows = await queryRows<{ job_id: string; client_id: string; attempts: number }>(
        manager,
        `SELECT i.job_id, i.client_id, i.attempts FROM verification_items i
         JOIN verification_jobs j ON j.id = i.job_id AND j.status IN ('queued', 'running')
         JOIN unnest($1::uuid[], $2::uuid[]) AS t(job_id, client_id)
           ON i.job_id = t.job_id AND i.client_id = t.client_id
         WHERE i.state = 'queued'`,
        [items.map((item) => item.jobId), items.map((item) => item.clientId)],
      );
      return new Map(rows.map((row) => [`${row.job_id} ${row.client_id}`, row.attempts]));
    },

    /** Items done, counted toward their jobs (once: an item already done counts nothing). */
    async completeItems(items: readonly CheckedItem[]): Promise<void> {
      if (items.length === 0) return;
      await dataSource.transaction(async (db) => {
        const done = await queryRows<{ job_id: string; verdict: VerdictName }>(
          db,
          `UPDATE verification_items i SET state = 'done', verdict = t.verdict, attempts = i.attempts + 1
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(job_id, client_id, verdict)
           WHERE i.job_id = t.job_id AND i.client_id = t.client_id AND i.state = 'queued'
           RETURNING i.job_id, t.verdict`,
          [
            items.map((item) => item.jobId),
            items.map((item) => item.clientId),
            items.map((item) => item.verdict),
          ],
        );
        const byJob = new Map<string, Record<VerdictName, number>>();
        for (const row of done) {
          const counts = byJob.get(row.job_id) ?? { safe: 0, risky: 0, invalid: 0, unknown: 0 };
          counts[row.verdict] += 1;
          byJob.set(row.job_id, counts);
        }
        for (const [jobId, counts] of [...byJob].sort(([left], [right]) => left.localeCompare(right))) {
          await db.query(
            `UPDATE verification_jobs SET checked = checked + $2, safe = safe + $3, risky = risky + $4,
               invalid = invalid + $5, unknown = unknown + $6, updated_at = now() WHERE id = $1`,
            [
              jobId,
              counts.safe + counts.risky + counts.invalid + counts.unknown,
              counts.safe,
              counts.risky,
              counts.invalid,
              counts.unknown,
            ],
          );
          await finishIfChecked(db, jobId);
        }
      });
    },

    /** Items whose result was a temporary "unknown": asked again from `notBefore`. */
    async retryLater(items: readonly { jobId: string; clientId: string; notBefore: Date }[]): Promise<void> {
      if (items.length === 0) return;
      await manager.query(
        `UPDATE verification_items i SET state = 'retry', attempts = i.attempts + 1, not_before = t.not_before
         FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS t(job_id, client_id, not_before)
         WHERE i.job_id = t.job_id AND i.client_id = t.client_id AND i.state = 'queued'`,
        [
          items.map((item) => item.jobId),
          items.map((item) => item.clientId),
          items.map((item) => item.notBefore),
        ],
      );
    },

    /** Retries that are due go back on verify.commands (through the outbox). Answers how many. */
    async requeueDueRetries(limit: number): Promise<number> {
      return dataSource.transaction(async (db) => {
        const due = await queryRows<{
          job_id: string;
          client_id: string;
          email: string;
          workspace_id: string;
        }>(
          db,
          `UPDATE verification_items i SET state = 'queued', not_before = NULL
           FROM verification_jobs j
           WHERE j.id = i.job_id AND (i.job_id, i.client_id) IN (
             SELECT job_id, client_id FROM verification_items
             WHERE state = 'retry' AND not_before <= now() ORDER BY not_before LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING i.job_id, i.client_id, i.email, j.workspace_id`,
          [limit],
        );
        await writeOutboxEvents(
          db,
          due.map((row) =>
            verifyCommandEvent({
              workspaceId: row.workspace_id,
              jobId: row.job_id,
              clientId: row.client_id,
              email: row.email,
            }),
          ),
        );
        return due.length;
      });
    },

    /** Whether the workspace verifies new leads, and since when (undefined: it does not). */
    async autoVerifySince(workspaceId: string): Promise<Date | undefined> {
      const [row] = await queryRows<{ auto_verify_new_leads: boolean; auto_verify_since: Date | null }>(
        manager,
        'SELECT auto_verify_new_leads, auto_verify_since FROM verification_settings WHERE workspace_id = $1',
        [workspaceId],
      );
      return row?.auto_verify_new_leads ? (row.auto_verify_since ?? new Date(0)) : undefined;
    },

    async setAutoVerifyNewLeads(workspaceId: string, on: boolean): Promise<void> {
      await manager.query(
        `INSERT INTO verification_settings (workspace_id, auto_verify_new_leads, auto_verify_since)
         VALUES ($1, $2, CASE WHEN $2 THEN now() END)
         ON CONFLICT (workspace_id) DO UPDATE SET auto_verify_new_leads = $2, updated_at = now(),
           auto_verify_since = CASE
             WHEN NOT $2 THEN NULL
             WHEN verification_settings.auto_verify_new_leads THEN verification_settings.auto_verify_since
             ELSE now() END`,
        [workspaceId, on],
      );
    },
  };
}

export type VerificationStore = ReturnType<typeof createVerificationStore>;
