import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One event waiting to be published by the relay (which deletes it once published). */
@Entity({ name: 'outbox_events' })
export class OutboxEventRecord {
  /** Allocated in insertion order, which is the publish order. int8 arrives as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'event_id', unique: true })
  eventId!: string;

  @Column('text')
  topic!: string;

  @Column('text')
  key!: string;

  /** A serialised EventEnvelope: exactly the Kafka message value. */
  @Column('bytea')
  payload!: Uint8Array;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('timestamp with time zone', { name: 'created_at' })
  createdAt!: Date;

  /** Always null: relays before DeletePublishedOutboxEvents kept published rows and set it. */
  @Column('timestamp with time zone', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
