import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A message a consumer group gave up on, kept byte for byte so it can be replayed. */
@Entity({ name: 'dead_letters' })
export class DeadLetterRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'consumer_group' })
  consumerGroup!: string;

  @Column('text')
  topic!: string;

  @Column('int')
  partition!: number;

  /** Kafka offsets are int64; kept as a decimal string. */
  @Column('text')
  offset!: string;

  @Column('text')
  key!: string;

  @Column('bytea')
  value!: Uint8Array;

  @Column('jsonb')
  headers!: Record<string, string>;

  /** The last error message (never the payload). */
  @Column('text')
  reason!: string;

  @Column('int')
  attempts!: number;

  @Column('timestamp with time zone', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamp with time zone', { name: 'replayed_at', nullable: true })
  replayedAt!: Date | null;
}
