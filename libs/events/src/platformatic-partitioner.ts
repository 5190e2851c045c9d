import { murmur2 } from './partition-for-key';

/**
 * The partitioner the @platformatic/kafka producer is given: Kafka's Java default (murmur2 of the key
 * bytes, made positive with `& 0x7fffffff`), which kafkajs also uses and `partitionForKey` computes.
 * The library's own default takes `murmur2 >>> 0` instead, which puts about half of all keys on
 * another partition than today's data. The producer reduces the result modulo the partition count.
 */
export function javaCompatiblePartition(key: Buffer | undefined): number {
  return key ? murmur2(key) & 0x7fffffff : 0;
}
