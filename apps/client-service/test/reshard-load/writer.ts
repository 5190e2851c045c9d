// The reshard system test's writer: upserts batches of new and existing clients of WORKSPACE_ID
// until SIGTERM, remembering the title each id was last acknowledged with.
import { randomUUID } from 'node:crypto';
import { emptyClientInput } from '../../src/domain/client';
import { openLoadStore, runUntilStopped } from './load-store';

async function main() {
  const { shards, store } = await openLoadStore();
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
    () => shards.close(),
  );
}

void main();
