import type { EventEnvelope } from '@coldreach/contracts';
import { byShard } from './events-by-shard';

/** Workspaces named after their shard: "w0-…" on shard 0, "w1-…" on shard 1. */
const shards = { indexFor: (workspaceId: string) => Number(workspaceId.slice(1, 2)) };
const event = (eventId: string, workspaceId: string) => ({ eventId, workspaceId }) as EventEnvelope;
const ids = (groups: Map<number, EventEnvelope[]>) =>
  [...groups].map(([shard, envelopes]) => [shard, envelopes.map((envelope) => envelope.eventId)]);

describe('byShard', () => {
  it("keeps each shard's events in batch order and puts the shard of the last event last", () => {
    const batch = [event('a', 'w1-x'), event('b', 'w0-y'), event('c', 'w1-x'), event('d', 'w0-z')];
    expect(ids(byShard(shards, batch))).toEqual([
      [1, ['a', 'c']],
      [0, ['b', 'd']],
    ]);
    expect(ids(byShard(shards, batch.slice(0, 3)))).toEqual([
      [0, ['b']],
      [1, ['a', 'c']],
    ]);
  });

  it('routes by the lower-case workspace id, as the store does', () => {
    const seen: string[] = [];
    byShard({ indexFor: (id) => (seen.push(id), 0) }, [event('a', 'W0-ABC')]);
    expect(seen).toEqual(['w0-abc']);
  });
});
