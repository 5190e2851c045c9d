import { CreateIdempotencyKeys1764300000000 } from './create-idempotency-keys-migration';
import { IdempotencyKeyEntity } from './idempotency-key-entity';

export { createIdempotencyStore } from './idempotency-store';
export type {
  IdempotencyBegin,
  IdempotencyClaim,
  IdempotencyStore,
  IdempotencyStoreOptions,
  StoredResponse,
} from './idempotency-store';
export { canonicalJson, requestFingerprint } from './request-fingerprint';
export type { FingerprintedRequest } from './request-fingerprint';
export { isValidIdempotencyKey, maxIdempotencyKeyLength } from './idempotency-key';

/** The idempotency table, for `openDataSource` on the gateway's database (next to the tenancy tables). */
export const idempotencyEntities = [IdempotencyKeyEntity];
export const idempotencyMigrations = [CreateIdempotencyKeys1764300000000];
