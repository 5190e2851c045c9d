import { compatibilityPartitioner, defaultPartitioner } from '@platformatic/kafka';
import { partitionForKey } from './partition-for-key';
import { javaCompatiblePartition } from './platformatic-partitioner';

const keys = Array.from({ length: 2000 }, (_, i) => `client-${i}:lead-${i * 7919}`);
// The @platformatic/kafka producer reduces what the partitioner returns modulo the partition count.
const placed = (partition: number, count: number) => partition % count;

describe('javaCompatiblePartition', () => {
  it.each([1, 3, 6, 7, 12])(
    'puts every key where partitionForKey (Java, kafkajs) does, on %i partitions',
    (count) => {
      for (const key of keys) {
        expect(placed(javaCompatiblePartition(Buffer.from(key)), count)).toBe(partitionForKey(key, count));
      }
    },
  );

  it('agrees with the library’s own compatibility partitioner', () => {
    for (const key of keys) {
      const bytes = Buffer.from(key);
      expect(javaCompatiblePartition(bytes)).toBe(compatibilityPartitioner({ topic: 't' }, bytes));
    }
  });

  it('is needed: the library’s default partitioner moves keys to other partitions', () => {
    const moved = keys.filter(
      (key) => placed(defaultPartitioner({ topic: 't' }, Buffer.from(key)), 6) !== partitionForKey(key, 6),
    );
    // About half of all keys (those whose hash is negative) would land elsewhere than today's data.
    expect(moved.length).toBeGreaterThan(keys.length / 4);
  });
});
