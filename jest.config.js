/** One throwaway Neo4j for the whole run (tests/setup/*), tests run in band on it. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/tests/setup/summary-reporter.js'],
};
