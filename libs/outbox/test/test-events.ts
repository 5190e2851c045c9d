// Test support: events for the outbox and a consumer that applies each one's effect once.
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import type { DataSource } from 'typeorm';
import { ClientDeletedSchema, eventTypes } from '@coldreach/contracts';
import type { EventBus, ReceivedMessage, Subscription } from '@coldreach/events';
import {
  createEnvelope,
  decodeEnvelope,
  processOnce,
  writeOutboxEvents,
  type OutboxEventInput,
} from '../src/index';
import { recordEffect } from './test-stores';

/** A small event keyed `key` on `topic`. */
export function testEvent(topic: string, key: string): OutboxEventInput {
  return {
    topic,
    ...createEnvelope({
      type: eventTypes.clientDeleted,
      workspaceId: randomUUID(),
      key,
      source: 'outbox-test',
      payload: { schema: ClientDeletedSchema, message: create(ClientDeletedSchema, { clientId: key }) },
    }),
  };
}

/** Commits `events` to the outbox of `store`, `perTransaction` at a time. */
export async function commitEvents(store: DataSource, events: OutboxEventInput[], perTransaction = 10) {
  for (let i = 0; i < events.length; i += perTransaction) {
    await store.transaction((manager) => writeOutboxEvents(manager, events.slice(i, i + perTransaction)));
  }
}

/** Every delivery a consumer saw, duplicates included, in arrival order. */
export interface Deliveries {
  messages: ReceivedMessage[];
  /** Key and event id of each message, in the same order. */
  deliveries: { key: string; eventId: string }[];
  eventIds(): string[];
}

/**
 * Subscribes a group that records every delivery and applies each event's effect once (processOnce
 * into `effects` of `store`), as a real idempotent consumer would.
 */
export async function subscribeEffects(
  bus: EventBus,
  store: DataSource,
  options: { groupId: string; topic: string; beforeEach?: (message: ReceivedMessage) => Promise<void> },
): Promise<Subscription & Deliveries> {
  const messages: ReceivedMessage[] = [];
  const deliveries: { key: string; eventId: string }[] = [];
  const subscription = await bus.subscribe({
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: true,
    handleBatch: async (batch) => {
      for (const message of batch.messages) {
        await options.beforeEach?.(message);
        const { eventId } = decodeEnvelope(message.value);
        await store.transaction((manager) =>
          processOnce(manager, { consumerGroup: options.groupId, eventId }, (m) =>
            recordEffect(m, eventId, message.key),
          ),
        );
        messages.push(message);
        deliveries.push({ key: message.key, eventId });
      }
    },
  });
  return {
    close: () => subscription.close(),
    messages,
    deliveries,
    eventIds: () => deliveries.map((delivery) => delivery.eventId),
  };
}
