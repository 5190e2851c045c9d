const encoder = new TextEncoder();

/**
 * The partition Kafka's default partitioner (Java client, and kafkajs' `DefaultPartitioner`) gives a
 * keyed message: murmur2 of the key's UTF-8 bytes, made positive, modulo the partition count. The
 * in-process bus uses it too, so a key lands on the same partition number in both modes.
 */
export function partitionForKey(key: string, partitionCount: number): number {
  return (murmur2(encoder.encode(key)) & 0x7fffffff) % partitionCount;
}

/** Kafka's `Utils.murmur2` with 32-bit integer arithmetic (Math.imul, `>>>` for Java's `>>>`). */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  // Java's switch falls through from the highest remaining byte down to the first one.
  const rest = length % 4;
  if (rest >= 3) h ^= data[whole + 2]! << 16;
  if (rest >= 2) h ^= data[whole + 1]! << 8;
  if (rest >= 1) {
    h ^= data[whole]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}
