// Generated from proto/ by `npm run proto:generate`; never edit src/gen by hand.
export * from './gen/coldreach/clients/v1/clients_pb';
export * from './gen/coldreach/common/v1/errors_pb';
export * from './gen/grpc/health/v1/health_pb';
