export type {
  EventBus,
  EventMessage,
  ReceivedMessage,
  MessageBatch,
  BatchContext,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from './event-bus';
export { createInProcessEventBus } from './in-process-event-bus';
export type { InProcessEventBus, InProcessEventBusOptions } from './in-process-event-bus';
export { createKafkaEventBus } from './kafka-event-bus';
export { kafkaClientFromEnv } from './kafka-event-bus';
export type { KafkaClientName, KafkaEventBusOptions } from './kafka-event-bus';
export { partitionForKey } from './partition-for-key';
export { createServiceKafkaBus } from './kafka-bus-for-service';
export { kafkaSecurityFromEnv, kafkaSaslMechanisms } from './kafka-security';
export type { KafkaSasl, KafkaSaslMechanism, KafkaSecurity } from './kafka-security';
export { createKafkaTopicOffsets } from './kafka-topic-offsets';
export type { KafkaTopicOffsets, KafkaTopicOffsetsOptions, PartitionRange } from './kafka-topic-offsets';
export type { ServiceKafkaConfig } from './kafka-bus-for-service';
export { messageTraceContext, traceBatches, traceHeadersOf, withMessageSpan } from './message-tracing';
