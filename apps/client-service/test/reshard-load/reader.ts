// The reshard system test's reader: until SIGTERM, reads the preloaded clients (IDS_FILE, of
// WORKSPACE_ID) by id, in batches and by listing them all, and lists the writer's workspace
// (WRITER_WORKSPACE_ID); counts reads and every wrong answer.
import { readFileSync } from 'node:fs';
import type { Client } from '../../src/domain/client';
import type { ClientStore } from '../../src/domain/client-store';
import { noFilter, openLoadStore, runUntilStopped } from './load-store';

async function listAll(store: ClientStore, workspaceId: string): Promise<Client[]> {
  const all: Client[] = [];
  for (;;) {
    const last = all.at(-1);
    const page = await store.list(
      workspaceId,
      noFilter,
      last && { time: last.createTime, key: last.id },
      100,
    );
    all.push(...page);
    if (page.length < 100) return all;
  }
}

async function main() {
  const { shards, store } = await openLoadStore();
  const workspaceId = process.env.WORKSPACE_ID!;
  const ids = JSON.parse(readFileSync(process.env.IDS_FILE!, 'utf8')) as string[];
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  let reads = 0;
  const errors: string[] = [];
  const check = (ok: boolean, what: string) => {
    reads++;
    if (!ok) errors.push(what);
  };
  await runUntilStopped(
    async () => {
      try {
        const id = pick();
        check((await store.get(workspaceId, id)).id === id, `get ${id}`);
        const batch = [...new Set([pick(), pick(), pick(), pick()])];
        check((await store.batchGet(workspaceId, batch)).length === batch.length, `batchGet ${batch.join()}`);
        const listed = (await listAll(store, workspaceId)).map((client) => client.id);
        check(
          listed.length === ids.length && new Set(listed).size === ids.length,
          `list: ${listed.length} rows, ${new Set(listed).size} distinct, ${ids.length} expected`,
        );
        const written = await store.list(process.env.WRITER_WORKSPACE_ID!, noFilter, undefined, 500);
        check(
          new Set(written.map((client) => client.id)).size === written.length,
          'writer list has duplicates',
        );
      } catch (error) {
        check(false, String(error));
      }
      if (reads % 50 === 0) process.stdout.write(`reads ${reads}\n`);
    },
    () => ({ reads, errors }),
    () => shards.close(),
  );
}

void main();
