import type { DataSource } from 'typeorm';
import type { AddressFence } from '../ledger/store/address-fence';
import { startDeliveryWorkers, type DeliveryWorkers, type DeliveryWorkersOptions } from './delivery-workers';
import type { SmtpTransports } from './smtp-transports';

export interface ShardedDeliveryWorkersOptions extends Omit<DeliveryWorkersOptions, 'dataSource' | 'fence'> {
  /** Each shard's database and the address fence on it (an address's sends are all on one shard). */
  shards: ReadonlyArray<{ dataSource: DataSource; fence: AddressFence }>;
}

/**
 * The delivery workers of this process over every shard: one claim loop and one reaper per shard,
 * the process's concurrency split evenly between them (so EMAIL_WORKER_CONCURRENCY still bounds the
 * deliveries in flight per process), one set of SMTP transports shared and closed once at the end.
 */
export function startShardedDeliveryWorkers(options: ShardedDeliveryWorkersOptions): DeliveryWorkers {
  const { shards, transports, concurrency = 64, ...shared } = options;
  if (shards.length === 0) throw new Error('the delivery workers need at least one shard');
  const perShard = Math.max(1, Math.ceil(concurrency / shards.length));
  // Each shard's workers close "their" transports when they stop; the real ones close after all.
  // Everything else is the shared transports' own (by prototype, so members added later are too).
  const borrowed: SmtpTransports = Object.assign(Object.create(transports) as SmtpTransports, {
    close: async () => undefined,
  });
  const workers = shards.map(({ dataSource, fence }) =>
    startDeliveryWorkers({ ...shared, dataSource, fence, concurrency: perShard, transports: borrowed }),
  );
  return {
    wake() {
      for (const shardWorkers of workers) shardWorkers.wake();
    },
    async stop() {
      await Promise.all(workers.map((shardWorkers) => shardWorkers.stop()));
      await transports.close();
    },
  };
}
