export {
  createTestDatabase,
  createTestDatabases,
  randomName,
  testPostgresAdminUrl,
  testRedisUrl,
} from './test-database';
export type { TestDatabase } from './test-database';
export { testKafkaBrokers } from './test-kafka';
export { waitFor } from './wait-for';
export { startSmtpSink } from './smtp-sink';
export type {
  SinkBehaviour,
  SinkBehaviourFn,
  SinkBehaviourInput,
  SinkMessage,
  SinkTransaction,
  SinkTransactionOutcome,
  SmtpSink,
  SmtpSinkOptions,
} from './smtp-sink';
export { expectLinearTime } from './expect-linear-time';
export { startTcpCanary } from './tcp-canary';
export type { TcpCanary } from './tcp-canary';
export { startDnsServer } from './dns-server';
export type {
  DnsAnswerFn,
  DnsMx,
  DnsQuery,
  DnsRecordType,
  DnsReply,
  DnsReplyFn,
  DnsServer,
  DnsServerOptions,
} from './dns-server';
export { createTeardown } from './teardown';
export type { Teardown } from './teardown';
export { freePort } from './free-port';
export { expectGrpcRejection } from './grpc-rejection';
export { createTestLocations } from './test-locations';
export type { TestLocations } from './test-locations';
export { serveForTest } from './serve-for-test';
export { spawnServiceProcess, waitForOutput } from './service-process';
export type { ServiceProcess } from './service-process';
export { canaryAddress, html, siteAddress, startTestSite } from './test-site';
export type { SiteHandler, SiteRequest, TestSite } from './test-site';
export { startImapServer } from './imap-server';
export type { ImapTestServer, ImapTestUser } from './imap-server';
export { startSentryStandIn } from './sentry-stand-in';
export type { ReceivedEnvelope, SentryStandIn } from './sentry-stand-in';
export { metricValue } from './metric-value';
export { chromiumPath, launchChromium, loopbackOnlyArgs } from './chromium';
export { buildDashboard, repoRoot, snapshotDashboard, webDist } from './web-build';
export { startStreamingReplica } from './streaming-replica';
export type { StreamingReplica } from './streaming-replica';
