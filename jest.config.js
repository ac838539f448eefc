// `npm test` runs every suite from here. Each kind of test is a Jest project:
// unit (*.spec.ts, no I/O), int (*.int-spec.ts, a real adapter), e2e (*.e2e-spec.ts, running services).
const preset = require('./jest.preset');

const roots = ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tests'];

module.exports = {
  // Opening PGlite takes seconds, and the property-based suites send thousands of requests.
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/tools/summary-reporter.cjs'],
  projects: [
    { ...preset, displayName: 'unit', roots, testMatch: ['**/*.spec.ts'] },
    { ...preset, displayName: 'int', roots, testMatch: ['**/*.int-spec.ts'], globalSetup: '<rootDir>/libs/testing/src/infrastructure/global-setup.ts', globalTeardown: '<rootDir>/libs/testing/src/infrastructure/global-teardown.ts' },
    { ...preset, displayName: 'e2e', roots, testMatch: ['**/*.e2e-spec.ts'] },
  ],
};
