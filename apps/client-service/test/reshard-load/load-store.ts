// Test support for the reshard system test: a client store as a service process opens it, on
// CLIENT_SHARD_URLS, polling the bucket map often; and the end of a load process (SIGTERM → its
// result as JSON in RESULT_FILE).
import { writeFileSync } from 'node:fs';
import { openClientShards } from '../../src/client-shards';
import { createClientStore } from '../../src/persistence/client-store';

export async function openLoadStore() {
  const urls = (process.env.CLIENT_SHARD_URLS ?? '').split(',').filter(Boolean);
  const shards = await openClientShards(
    urls.map((url) => ({ url })),
    { migrate: false, mapPollMs: 200 },
  );
  return { shards, store: createClientStore(shards) };
}

/** Runs `step` until SIGTERM, then writes `result()` to RESULT_FILE and closes. */
export async function runUntilStopped(
  step: () => Promise<void>,
  result: () => unknown,
  close: () => Promise<void>,
): Promise<void> {
  let stopping = false;
  process.on('SIGTERM', () => (stopping = true));
  process.stdout.write('ready\n');
  while (!stopping) await step();
  writeFileSync(process.env.RESULT_FILE!, JSON.stringify(result()));
  await close();
}

export const noFilter = { verificationStatuses: [], tag: '', company: '', query: '', source: '' };
