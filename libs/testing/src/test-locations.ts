import { createTestDatabase } from './test-database';

/** Fresh, empty databases for one test run, as locations a service opens, and one call removing them. */
export interface TestLocations {
  locations: { url: string }[];
  dispose(): Promise<void>;
}

/** One new database on the real PostgreSQL per prefix (named `<prefix>_<random>`), in that order. */
export async function createTestLocations(prefixes: readonly string[]): Promise<TestLocations> {
  const databases = await Promise.all(prefixes.map((prefix) => createTestDatabase(prefix)));
  return {
    locations: databases.map(({ url }) => ({ url })),
    dispose: async () => void (await Promise.all(databases.map((db) => db.drop()))),
  };
}
