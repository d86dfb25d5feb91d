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
  projects: [
    node('backend', ['<rootDir>/libs', '<rootDir>/apps'], ['**/*.spec.ts']),
    node('e2e', ['<rootDir>/test'], ['**/*.e2e-spec.ts'], { testTimeout: 60000 }),
    node('browser', ['<rootDir>/test'], ['**/*.browser-spec.ts'], { testTimeout: 120000 }),
    '<rootDir>/angular-client',
  ],
};
