export {
  createTestDatabase,
  createTestDatabases,
  randomName,
  testPostgresAdminUrl,
  testRedisUrl,
} from './test-database';
export type { TestDatabase } from './test-database';
export { waitFor } from './wait-for';
