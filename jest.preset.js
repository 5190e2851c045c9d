// Shared Jest settings for every project. @swc/jest transpiles only (no type-check: `nx run-many -t
// typecheck` does that); legacy decorators and their metadata are needed by TypeORM's entities.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.spec.ts'],
  setupFiles: [require.resolve('./scripts/jest-setup.js')],
  // Integration tests talk to real servers; a busy CI machine must not turn slowness into failures.
  testTimeout: 30_000,
};
