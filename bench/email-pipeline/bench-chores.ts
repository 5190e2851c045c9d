// Chores around the measurements: waiting for outboxes to drain, removing a Kafka namespace.
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { waitFor } from '@coldreach/testing';

/** Waits until no outbox row is left unpublished in any of `databaseUrls` (nothing left to relay). */
export async function waitForOutboxesDrained(databaseUrls: string[], what: string): Promise<void> {
  const clients = databaseUrls.map((url) => new Client({ connectionString: url }));
  await Promise.all(clients.map((client) => client.connect()));
  try {
    await waitFor(
      async () => {
        const counts = await Promise.all(
          clients.map(async (client) => {
            const result = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events');
            return result.rows[0]?.n ?? 0;
          }),
        );
        return counts.every((n) => n === 0);
      },
      { timeoutMs: 600_000, intervalMs: 1000, what },
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/** Deletes the topics and consumer groups of a Kafka namespace (`<namespace>.…`). */
export async function deleteKafkaNamespace(brokers: string[], namespace: string): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-email-pipeline', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const prefix = `${namespace}.`;
    const groups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((id) => id.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

export interface AutovacuumStandIn {
  stop(): Promise<void>;
}

/**
 * When the server's autovacuum is off (as on the development machine, for fast tests), does its
 * work on the run's databases instead: ANALYZE now (a production server would have analyzed the
 * freshly loaded clients and leads), then VACUUM (ANALYZE) every `everyMs`, as autovacuum's
 * default one-minute naptime would. Answers undefined when autovacuum is on.
 */
export async function startAutovacuumStandIn(
  databaseUrls: string[],
  everyMs: number,
): Promise<AutovacuumStandIn | undefined> {
  const clients = databaseUrls.map((url) => new Client({ connectionString: url }));
  await Promise.all(clients.map((client) => client.connect()));
  const { rows } = await (clients[0] as Client).query<{ autovacuum: string }>('SHOW autovacuum');
  if (rows[0]?.autovacuum !== 'off' || everyMs <= 0) {
    await Promise.all(clients.map((client) => client.end()));
    return undefined;
  }
  await Promise.all(clients.map((client) => client.query('ANALYZE')));
  let stopping = false;
  let wake = () => undefined as void;
  const loop = (async () => {
    while (!stopping) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, everyMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (!stopping) await Promise.all(clients.map((client) => client.query('VACUUM (ANALYZE)')));
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake();
      await loop;
      await Promise.all(clients.map((client) => client.end()));
    },
  };
}
