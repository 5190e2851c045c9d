import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event a consumer group has applied; stored in the same transaction as the effect. */
@Entity({ name: 'processed_events' })
export class ProcessedEventRecord {
  @PrimaryColumn('text', { name: 'consumer_group' })
  consumerGroup!: string;

  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('timestamp with time zone', { name: 'processed_at' })
  processedAt!: Date;
}
