export { startGrpcServer } from './grpc-server';
export type { GrpcServer, GrpcServerOptions } from './grpc-server';
export { createGrpcClient } from './grpc-client';
export type { GrpcClientOptions } from './grpc-client';
export { checkGrpcHealth } from './health-client';
export { ServingStatus } from './health-service';
export type { HealthRegistry } from './health-service';
export { domainErrorToConnect, connectToDomainError, createErrorMappingInterceptor } from './error-mapping';
export { rpcTracingClientInterceptor, rpcTracingServerInterceptor } from './rpc-tracing';
