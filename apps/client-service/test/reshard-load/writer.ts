// The reshard system test's writer: upserts batches of new and existing clients of WORKSPACE_ID
// until SIGTERM, remembering the title each id was last acknowledged with, its relay publishing.
import { randomUUID } from 'node:crypto';
import { createInProcessEventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { startClientEventRelay } from '../../src/client-event-relay';
import { emptyClientInput } from '../../src/domain/client';
import { openLoadStore, runUntilStopped } from './load-store';

async function main() {
  const { shards, store } = await openLoadStore();
  // Publishes every shard's outbox (to nowhere), as the service's relay would: a reshard waits
  // for the moving buckets' events to be published before it switches them.
  const relay = startClientEventRelay({
    shards,
    bus: createInProcessEventBus(),
    logger: createLogger({ name: 'reshard-writer', level: 'silent' }),
    pollIntervalMs: 50,
  });
  const workspaceId = process.env.WORKSPACE_ID!;
  const acked = new Map<string, string>();
  const ids: string[] = [];
  const errors: string[] = [];
  let batches = 0;
  await runUntilStopped(
    async () => {
      const title = `t${++batches}`;
      const picked = new Set(
        Array.from({ length: Math.min(5, ids.length) }, () => ids[Math.floor(Math.random() * ids.length)]!),
      );
      const fresh = Array.from({ length: 5 }, () => randomUUID());
      const drafts = [...picked, ...fresh].map((id) => ({
        id,
        input: {
          ...emptyClientInput(),
          email: `${id}@example.com`,
          firstName: 'Load',
          title,
          verificationStatus: undefined,
        },
      }));
      try {
        await store.upsert(workspaceId, drafts, new Date());
        for (const draft of drafts) acked.set(draft.id, title);
        ids.push(...fresh);
      } catch (error) {
        errors.push(String(error));
      }
      if (batches % 10 === 0) process.stdout.write(`acked ${acked.size}\n`);
    },
    () => ({ acked: [...acked], errors }),
    async () => {
      await relay.stop();
      await shards.close();
    },
  );
}

void main();
