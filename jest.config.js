// One jest run, one summary: backend unit + contract specs, end-to-end API tests, browser
// journeys (Debian chromium), and the Angular client's unit tests.
// Type errors are caught by `npm run typecheck` (tsc), so ts-jest only transpiles here.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const node = (displayName, roots, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  roots,
  testMatch,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  ...extra,
});

module.exports = {
  // Jest 30 reads testTimeout from the global config only (a project's own is ignored): the
  // end-to-end and browser suites start a real portal, so give every test room, bounded.
  testTimeout: 60000,
  projects: [
    node('backend', ['<rootDir>/libs', '<rootDir>/apps'], ['**/*.spec.ts']),
    node('e2e', ['<rootDir>/test'], ['**/*.e2e-spec.ts']),
    node('browser', ['<rootDir>/test'], ['**/*.browser-spec.ts']),
    '<rootDir>/angular-client',
  ],
};
