// Where a launched campaign stands, stage by stage: campaign tasks created and handed over (campaign
// database), deliveries in the ledger and sent (email database), messages the sink accepted. Read
// straight from the databases: the benchmark's bookkeeping must not load the services it measures.
import { Client } from 'pg';
import { readSinkCounts, type SinkCounts } from './sink-control';

export interface PipelineStages {
  tasks: number;
  handedOver: number;
  /** Campaign tasks whose `email.sent` came back from the email service. */
  tasksSent: number;
  deliveries: number;
  sent: number;
  /** Deliveries in any other final status (failed, unknown, suppressed, cancelled). */
  otherFinal: number;
  sink: SinkCounts;
}

export interface PipelineProgress {
  read(): Promise<PipelineStages>;
  close(): Promise<void>;
}

export async function openPipelineProgress(options: {
  campaignDatabaseUrl: string;
  emailDatabaseUrl: string;
  sinkHttpPort: number;
  campaignId: string;
}): Promise<PipelineProgress> {
  const campaignDb = new Client({ connectionString: options.campaignDatabaseUrl });
  const emailDb = new Client({ connectionString: options.emailDatabaseUrl });
  await Promise.all([campaignDb.connect(), emailDb.connect()]);
  return {
    async read() {
      const [tasks, deliveries, sink] = await Promise.all([
        campaignDb.query<{ status: string; n: number }>(
          'SELECT status, count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1 GROUP BY status',
          [options.campaignId],
        ),
        emailDb.query<{ status: string; n: number }>(
          'SELECT status, count(*)::int AS n FROM deliveries GROUP BY status',
        ),
        readSinkCounts(options.sinkHttpPort),
      ]);
      const taskCount = (status?: string) =>
        tasks.rows.reduce((sum, row) => sum + (status === undefined || row.status === status ? row.n : 0), 0);
      const deliveryCount = (statuses?: string[]) =>
        deliveries.rows.reduce(
          (sum, row) => sum + (statuses === undefined || statuses.includes(row.status) ? row.n : 0),
          0,
        );
      return {
        tasks: taskCount(),
        handedOver: taskCount() - taskCount('pending'),
        tasksSent: taskCount('sent'),
        deliveries: deliveryCount(),
        sent: deliveryCount(['sent']),
        otherFinal: deliveryCount(['failed', 'unknown', 'suppressed', 'cancelled']),
        sink,
      };
    },
    async close() {
      await Promise.all([campaignDb.end(), emailDb.end()]);
    },
  };
}
