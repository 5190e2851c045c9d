// Generated from proto/ by `npm run proto:generate`; never edit src/gen by hand.
export * from './gen/coldreach/clients/v1/clients_pb';
export * from './gen/coldreach/campaigns/v1/campaigns_pb';
export * from './gen/coldreach/email/v1/email_pb';
export * from './gen/coldreach/email/v1/inbound_pb';
export * from './gen/coldreach/scraper/v1/scraper_pb';
export * from './gen/coldreach/verification/v1/verification_pb';
export * from './gen/coldreach/analytics/v1/analytics_pb';
export * from './gen/coldreach/events/v1/events_pb';
export * from './gen/coldreach/common/v1/errors_pb';
export * from './gen/grpc/health/v1/health_pb';
export { topics, consumerGroups, eventTypes } from './topics';
export type { TopicName } from './topics';
export {
  verificationStatusName,
  verificationStatusNames,
  verificationStatusToProto,
} from './verification-status';
export type { VerificationStatusName } from './verification-status';
