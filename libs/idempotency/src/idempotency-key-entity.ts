import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A request's Idempotency-Key and, once it finished, the response to replay. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @PrimaryColumn('text', { name: 'idempotency_key' }) key!: string;
  @Column('text') fingerprint!: string;
  @Column('text') state!: 'in_progress' | 'completed';
  @Column('uuid', { name: 'lock_token', nullable: true }) lockToken!: string | null;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  @Column('integer', { name: 'status_code', nullable: true }) statusCode!: number | null;
  @Column('jsonb', { name: 'response_headers', nullable: true }) responseHeaders!: Record<
    string,
    string
  > | null;
  @Column('bytea', { name: 'response_body', nullable: true }) responseBody!: Buffer | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
}
