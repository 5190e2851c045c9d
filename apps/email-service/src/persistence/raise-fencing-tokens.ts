import type { DataSource } from 'typeorm';

/**
 * Before a reshard moves deliveries (the service stopped): each email shard has its own
 * delivery_fencing_tokens sequence, and a claim must hold a larger token than any earlier claim of
 * the row, so every shard's sequence is raised to the highest of them. A delivery moved from a
 * shard further along is then never claimed with a token it already had.
 */
export async function raiseFencingTokens(shards: readonly DataSource[]): Promise<void> {
  const values = await Promise.all(
    shards.map(async (shard) => {
      const [row] = (await shard.query('SELECT last_value::text AS value FROM delivery_fencing_tokens')) as {
        value: string;
      }[];
      return BigInt(row!.value);
    }),
  );
  const highest = values.reduce((a, b) => (b > a ? b : a));
  for (const shard of shards) {
    await shard.query(
      "SELECT setval('delivery_fencing_tokens', GREATEST($1::bigint, (SELECT last_value FROM delivery_fencing_tokens)))",
      [highest.toString()],
    );
  }
}
