import type { BenchEvent } from './bench-events';

/** What the load process needs of a Kafka client; one implementation per path measured. */
export interface BenchClient {
  /** Resolves once every event is acknowledged by the broker (acks=all). */
  publish(topic: string, events: BenchEvent[]): Promise<void>;
  /** Joins `groupId` and hands over every batch's values; resolves once it is consuming. */
  subscribe(
    groupId: string,
    topic: string,
    onValues: (values: Uint8Array[]) => void,
  ): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}
