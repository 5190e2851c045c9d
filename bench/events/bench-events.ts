// The events every path of the benchmark carries, and how a consumer counts them.

/** A record as both Node clients send it: a key that picks the partition, and its bytes. */
export interface BenchEvent {
  key: string;
  value: Uint8Array;
}

/** `count` events of `size` bytes keyed over `keys` keys; each value starts with its sequence number. */
export function makeBenchEvents(count: number, size: number, keys: number): BenchEvent[] {
  const filler = new Uint8Array(size);
  for (let i = 0; i < size; i++) filler[i] = 65 + ((i * 7) % 26); // letters, as the Java tool sends
  return Array.from({ length: count }, (_, seq) => {
    const value = filler.slice();
    new DataView(value.buffer).setUint32(0, seq);
    return { key: `client-${seq % keys}`, value };
  });
}

/**
 * Counts distinct events by sequence number, so the consumer knows when it has everything and how
 * many it received twice (an idempotent producer and committed offsets should make that 0).
 */
export function createEventCounter(expected: number) {
  const seen = new Uint8Array(expected);
  let distinct = 0;
  let duplicates = 0;
  return {
    add(value: Uint8Array): void {
      const seq = new DataView(value.buffer, value.byteOffset, value.byteLength).getUint32(0);
      if (seen[seq]) duplicates++;
      else {
        seen[seq] = 1;
        distinct++;
      }
    },
    get complete(): boolean {
      return distinct === expected;
    },
    get duplicates(): number {
      return duplicates;
    },
  };
}
