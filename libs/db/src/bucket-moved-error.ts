/**
 * A write reached a shard that no longer accepts writes for the key's bucket (its
 * bucket_ownership row is gone: the bucket is being moved or has moved). Retriable: refresh the
 * bucket map and write to the new owner.
 */
export class BucketMovedError extends Error {
  readonly retriable = true;

  constructor(
    readonly bucket: number,
    readonly shardIndex: number,
  ) {
    super(`bucket ${bucket} is not writable on shard ${shardIndex} (being moved or moved)`);
    this.name = 'BucketMovedError';
  }
}

/** Writes kept meeting moved buckets: the map did not settle within the retry budget. */
export class BucketWriteRetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`a write kept finding its bucket moved after ${attempts} attempts; is a reshard stuck?`, options);
    this.name = 'BucketWriteRetriesExhaustedError';
  }
}
